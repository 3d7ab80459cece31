//! CSRF tokens: the signed double-submit pattern. Each browser gets a random value in an
//! HttpOnly cookie; the token every form carries is an HMAC of that value under the CSRF key.
//! A cross-site page can make a browser send the cookie but can neither read it nor compute
//! the token. The server's middleware sets the cookie and checks the token on every
//! state-changing request (together with `Origin` and `Sec-Fetch-Site`).

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;

use super::keys::{sign, verify};

/// The token for the current request's forms, put in the request extensions by the middleware.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsrfToken(pub String);

/// The header a server function sets to have the middleware give this browser a new CSRF
/// secret with the response (at sign-in and sign-out, like the session id). The middleware
/// removes it before the response leaves.
pub const ROTATE_HEADER: &str = "x-prefcentre-rotate-csrf";

/// Asks for a new CSRF secret with the response being built (a no-op outside a server
/// function).
pub fn rotate_with_this_response() {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::HeaderName::from_static(ROTATE_HEADER),
            http::HeaderValue::from_static("1"),
        );
    }
}

/// A fresh cookie value: 128 random bits.
pub fn new_cookie_value() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn token_for(key: &[u8], cookie_value: &str) -> CsrfToken {
    CsrfToken(URL_SAFE_NO_PAD.encode(sign(key, cookie_value.as_bytes())))
}

pub fn is_valid(key: &[u8], cookie_value: &str, token: &str) -> bool {
    URL_SAFE_NO_PAD
        .decode(token)
        .is_ok_and(|signature| verify(key, cookie_value.as_bytes(), &signature))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_valid_only_with_its_own_cookie_and_key() {
        let cookie = new_cookie_value();
        let token = token_for(b"key", &cookie);
        assert!(is_valid(b"key", &cookie, &token.0));
        assert!(!is_valid(b"key", &new_cookie_value(), &token.0));
        assert!(!is_valid(b"other", &cookie, &token.0));
        assert!(!is_valid(b"key", &cookie, "not base64 !"));
    }
}
