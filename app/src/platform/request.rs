//! Facts about the current HTTP request that services record (audit, access records) or key
//! limits on. The server's middleware resolves the client address (believing
//! `X-Forwarded-For` only from configured proxies) and stores it in the request extensions.

use std::net::IpAddr;

use leptos::prelude::*;

/// The client's address as resolved by the server's middleware.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

#[derive(Clone, Debug, Default)]
pub struct RequestInfo {
    pub ip: Option<IpAddr>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}

/// The longest user agent kept: enough to recognise a browser and device.
const MAX_USER_AGENT: usize = 400;

impl RequestInfo {
    pub fn from_parts(parts: &http::request::Parts) -> Self {
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        Self {
            ip: parts.extensions.get::<ClientIp>().map(|ip| ip.0),
            user_agent: header("user-agent").map(|ua| ua.chars().take(MAX_USER_AGENT).collect()),
            request_id: header("x-request-id"),
        }
    }

    /// The current request's facts, inside a server function or page render.
    pub fn current() -> Self {
        use_context::<http::request::Parts>()
            .map(|parts| Self::from_parts(&parts))
            .unwrap_or_default()
    }
}
