//! The language of each request, by the rule in `prefcentre_app::i18n::negotiate`: put in the
//! request's extensions for pages, server functions and handlers, and in the response's for
//! the error shield outside. A `?lang=` choice is kept in the `lang` cookie, and in the
//! session of a signed-in person (whose saved language the session starts with).

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use http::{HeaderMap, HeaderValue, header};
use prefcentre_app::i18n::{Locale, code, negotiate};
use tower_sessions::Session;

#[derive(Clone, Copy)]
pub struct LanguagePolicy {
    pub default: Locale,
    /// `Secure` on the cookie (https deployments).
    pub hardened: bool,
}

/// A year: the switcher's choice outlives sessions.
const COOKIE_MAX_AGE: u32 = 365 * 24 * 60 * 60;

pub async fn choose_language(
    State(policy): State<LanguagePolicy>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let query = chosen_in_query(request.uri().query()).and_then(negotiate::from_code);
    // Only a signed-in session holds a language (set when it signed in); reading it loads a
    // session only where a session cookie was sent.
    let in_session = session
        .get::<String>(negotiate::SESSION_KEY)
        .await
        .ok()
        .flatten();
    let locale = negotiate::choose(
        negotiate::Offered {
            query: query.map(code),
            session: in_session.as_deref(),
            cookie: super::cookies::value(request.headers(), negotiate::COOKIE).as_deref(),
            accept_language: request
                .headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        },
        policy.default,
    );
    if let Some(chosen) = query
        && in_session.is_some()
        && in_session.as_deref() != Some(code(chosen))
    {
        // A failed write keeps the old language for the next page; this one is still shown
        // in the chosen one.
        let _ = session.insert(negotiate::SESSION_KEY, code(chosen)).await;
    }
    request.extensions_mut().insert(locale);
    let mut response = next.run(request).await;
    response.extensions_mut().insert(locale);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(code(locale)));
    if let Some(chosen) = query {
        let secure = if policy.hardened { "; Secure" } else { "" };
        let value = format!(
            "{}={}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly{secure}",
            negotiate::COOKIE,
            code(chosen)
        );
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The language a request would be answered in without its session: for answers made before
/// or outside the language middleware (the error shield's "come back later").
pub fn without_session(headers: &HeaderMap, query: Option<&str>, default: Locale) -> Locale {
    negotiate::choose(
        negotiate::Offered {
            query: chosen_in_query(query),
            session: None,
            cookie: super::cookies::value(headers, negotiate::COOKIE).as_deref(),
            accept_language: headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        },
        default,
    )
}

fn chosen_in_query(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == negotiate::QUERY)
        .map(|(_, value)| value)
}


/// The language the middleware chose for this request (the default outside it).
pub fn of_request(parts: &http::request::Parts) -> Locale {
    parts.extensions.get::<Locale>().copied().unwrap_or_default()
}
