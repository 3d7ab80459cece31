//! CSRF protection for every state-changing request, server functions included (Leptos does
//! no such checks itself). A request is refused when:
//! - `Sec-Fetch-Site` says it comes from another site;
//! - `Origin` is present and is not the configured public origin (`null` included);
//! - it lacks a valid token: the form field `csrf_token` (or the `x-csrf-token` header) must
//!   be the HMAC of this browser's CSRF cookie (see `platform::csrf`).
//!
//! Safe methods pass, and set the cookie when the browser has none, so that the page they
//! render can carry the token. Exempt are only routes that authenticate otherwise and read no
//! cookies: one-click unsubscribe and the sender API (see `is_exempt`).

use std::sync::Arc;

use axum::{
    body::{Body, Bytes, to_bytes},
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use prefcentre_app::i18n::{Locale, tr};
use prefcentre_app::platform::csrf::{ROTATE_HEADER, is_valid, new_cookie_value, token_for};

pub const HARDENED_COOKIE: &str = "__Host-prefcentre-csrf";
pub const DEVELOPMENT_COOKIE: &str = "prefcentre-csrf";
/// Forms are small; anything larger than this is not a form this app renders.
const MAX_FORM_BYTES: usize = 64 * 1024;

#[derive(Clone)]
pub struct CsrfPolicy {
    pub key: Arc<[u8]>,
    /// `scheme://host[:port]` of the public base URL.
    pub origin: String,
    pub hardened: bool,
    /// The language of the refusal page when the request names none (this check runs
    /// before the language middleware).
    pub default_language: Locale,
}

impl CsrfPolicy {
    fn cookie_name(&self) -> &'static str {
        if self.hardened {
            HARDENED_COOKIE
        } else {
            DEVELOPMENT_COOKIE
        }
    }
}

pub async fn protect(
    State(policy): State<CsrfPolicy>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let existing = cookie_value(&request, policy.cookie_name());
    let cookie = existing.clone().unwrap_or_else(new_cookie_value);

    if !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) && !is_exempt(request.uri().path())
    {
        let (parts, body) = request.into_parts();
        let bytes = match to_bytes(body, MAX_FORM_BYTES).await {
            Ok(bytes) => bytes,
            Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
        };
        let headers = &parts.headers;
        let verdict = check(&policy, headers, existing.as_deref(), &bytes);
        if let Err(reason) = verdict {
            tracing::warn!(
                reason,
                path = parts.uri.path(),
                "CSRF check refused a request"
            );
            let locale = super::language::without_session(headers, parts.uri.query(), policy.default_language);
            return refused(headers, locale);
        }
        request = Request::from_parts(parts, Body::from(bytes));
    }

    request
        .extensions_mut()
        .insert(token_for(&policy.key, &cookie));
    let mut response = next.run(request).await;
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    // Signing in or out ends the secret the browser had, as it ends the session id: a token
    // read before (from a shared computer, a planted cookie) is worthless after.
    let rotate = response.headers_mut().remove(ROTATE_HEADER).is_some();
    // Only pages carry forms; assets and health checks set no cookie.
    if rotate || (existing.is_none() && is_page && !is_exempt(&path)) {
        let value = if rotate { new_cookie_value() } else { cookie };
        let secure = if policy.hardened { "; Secure" } else { "" };
        let set = format!(
            "{}={value}; Path=/; HttpOnly; SameSite=Lax{secure}",
            policy.cookie_name()
        );
        if let Ok(value) = HeaderValue::from_str(&set) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// Routes that authenticate without cookies and read none: the RFC 8058 one-click endpoint (its
/// signed token) and the sender API (its key).
fn is_exempt(path: &str) -> bool {
    path == "/u" || path.starts_with("/api/v1/")
}

fn check(
    policy: &CsrfPolicy,
    headers: &axum::http::HeaderMap,
    cookie: Option<&str>,
    body: &Bytes,
) -> Result<(), &'static str> {
    let header_text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header_text("sec-fetch-site")
        && !matches!(site, "same-origin" | "none") {
            return Err("cross-site request (Sec-Fetch-Site)");
        }
    if let Some(origin) = header_text("origin")
        && origin != policy.origin {
            return Err("foreign or null Origin");
        }
    let cookie = cookie.ok_or("no CSRF cookie")?;
    let token = header_text("x-csrf-token")
        .map(str::to_owned)
        .or_else(|| form_field(body, "csrf_token"))
        .ok_or("no CSRF token")?;
    if is_valid(&policy.key, cookie, &token) {
        Ok(())
    } else {
        Err("invalid CSRF token")
    }
}

fn form_field(body: &Bytes, name: &str) -> Option<String> {
    url::form_urlencoded::parse(body)
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

fn cookie_value(request: &Request, name: &str) -> Option<String> {
    super::cookies::value(request.headers(), name)
        .filter(|value| !value.is_empty() && value.len() <= 64)
}

fn refused(headers: &axum::http::HeaderMap, locale: Locale) -> Response {
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if wants_html {
        let page = prefcentre_app::site::error_page::message_html(
            locale,
            tr!(locale, common.csrf_refused_title),
            tr!(locale, common.csrf_refused_body),
        );
        (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response()
    } else {
        (
            StatusCode::FORBIDDEN,
            "request refused: cross-site or missing CSRF token\n",
        )
            .into_response()
    }
}
