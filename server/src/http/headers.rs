//! Security headers on every response.
//!
//! Pages get a Content-Security-Policy built around the per-response nonce that Leptos stamps
//! on its hydration scripts (set while rendering, see `router`); HTML the server writes itself
//! may load the stylesheet; every other response gets a policy that allows nothing. Personal pages must never sit in a shared cache, so anything
//! that is not a static asset is `no-store`.

use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderName, HeaderValue, header},
    middleware::Next,
    response::Response,
};

/// Policy for HTML pages. `'strict-dynamic'` lets the nonce-carrying module load the island
/// code; `'wasm-unsafe-eval'` lets it compile the WebAssembly; nothing inline runs without
/// the nonce.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

const NON_PAGE_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// Policy for the HTML the server writes itself (error and one-click answers, see
/// `site::error_page`): the stylesheet and nothing that runs.
const STATIC_PAGE_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

#[derive(Clone, Copy, Debug)]
pub struct HeaderPolicy {
    /// HSTS only when the public URL is https: sending it over plain http is meaningless, and
    /// on a developer's 127.0.0.1 it would be harmful.
    pub hsts: bool,
}

pub async fn security_headers(
    State(policy): State<HeaderPolicy>,
    request: Request,
    next: Next,
) -> Response {
    let is_asset = is_static_asset(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    set_default(
        headers,
        header::CONTENT_SECURITY_POLICY,
        if is_html {
            STATIC_PAGE_CSP
        } else {
            NON_PAGE_CSP
        },
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // same-origin, not no-referrer: with no-referrer a page's own form POST carries
    // `Origin: null`, which the CSRF check must refuse.
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(
        headers,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        headers,
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
    set(
        headers,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=(), interest-cohort=()",
    );
    if policy.hsts {
        set(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    // Assets revalidate (cheap 304s) so a deploy never pairs an old client with a new server.
    set_default(
        headers,
        header::CACHE_CONTROL,
        if is_asset {
            "public, no-cache"
        } else {
            "no-store"
        },
    );
    response
}

fn is_static_asset(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.svg"
}

fn set(headers: &mut HeaderMap, name: HeaderName, value: &'static str) {
    headers.insert(name, HeaderValue::from_static(value));
}

fn set_default(headers: &mut HeaderMap, name: HeaderName, value: &'static str) {
    headers
        .entry(name)
        .or_insert(HeaderValue::from_static(value));
}
