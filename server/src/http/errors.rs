//! The last line of defence: a panic or any 5xx response becomes the friendly error page (or a
//! short text for non-browser callers) carrying the request id. The cause is logged under that
//! id and never shown, because error texts can carry internals.

use std::panic::AssertUnwindSafe;

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use futures::FutureExt;
use prefcentre_app::site::error_page::server_error_html;

/// The largest error body read back for the log.
const LOGGED_BODY_LIMIT: usize = 4 * 1024;

/// Marks a 5xx response as a deliberate answer (the health check's 503), which passes through.
#[derive(Clone, Copy, Debug)]
pub struct DeliberateStatus;

pub async fn shield_server_errors(request: Request, next: Next) -> Response {
    let request_id = request_id_of(&request);
    let wants_html = accepts_html(&request);
    let response = match AssertUnwindSafe(next.run(request)).catch_unwind().await {
        Ok(response) => response,
        Err(panic) => {
            let cause = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            tracing::error!(request_id = %request_id, %cause, "request handler panicked");
            return friendly(StatusCode::INTERNAL_SERVER_ERROR, &request_id, wants_html);
        }
    };
    if !response.status().is_server_error() {
        return response;
    }
    let status = response.status();
    if response.extensions().get::<DeliberateStatus>().is_some() {
        return response;
    }
    let body = to_bytes(response.into_body(), LOGGED_BODY_LIMIT).await.unwrap_or_default();
    tracing::error!(
        request_id = %request_id,
        status = status.as_u16(),
        cause = %String::from_utf8_lossy(&body),
        "request failed"
    );
    friendly(status, &request_id, wants_html)
}

fn friendly(status: StatusCode, request_id: &str, wants_html: bool) -> Response {
    if wants_html {
        let mut response = (status, server_error_html(request_id)).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        response
    } else {
        (status, Body::from(format!("internal error; reference {request_id}\n"))).into_response()
    }
}

fn request_id_of(request: &Request) -> String {
    request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("unknown")
        .to_owned()
}

fn accepts_html(request: &Request) -> bool {
    request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}
