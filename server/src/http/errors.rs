//! The last line of defence for every response.
//!
//! - A panic, or any 5xx, becomes the friendly error page (or a short text for non-browser
//!   callers) carrying the request id. The cause is logged under that id, never shown.
//! - A server function called with malformed or missing arguments answers 400. Leptos reports
//!   those as a 500 (or, for a plain form post, a redirect back); neither is right for input the
//!   client got wrong.
//! - A request whose write was refused because SQLite's write queue was full answers 503 with
//!   `Retry-After` (see `platform::db::begin_write`), whatever the handler made of the error.

use std::panic::AssertUnwindSafe;

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use futures::FutureExt;
use prefcentre_app::i18n::t;
use prefcentre_app::site::error_page::{message_html, server_error_html};

/// The largest error body read back for the log.
const LOGGED_BODY_LIMIT: usize = 4 * 1024;

/// Marks a 5xx response as a deliberate answer (the health check's 503), which passes through.
#[derive(Clone, Copy, Debug)]
pub struct DeliberateStatus;

pub async fn shield_server_errors(request: Request, next: Next) -> Response {
    let request_id = request_id_of(&request);
    let wants_html = accepts_html(&request);
    let (outcome, busy) = prefcentre_app::platform::db::noting_busy(
        AssertUnwindSafe(next.run(request)).catch_unwind(),
    )
    .await;
    let response = match outcome {
        Ok(response) if busy && failed(&response) => return overloaded(wants_html),
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

    // A server function that returned an error: Leptos answers 500, or for a plain form post
    // a redirect back (with the error in the URL when the request had a Referer). Either way
    // the response keeps the `serverfnerror` header and the error text as its body.
    if response.headers().contains_key("serverfnerror") {
        let body = to_bytes(response.into_body(), LOGGED_BODY_LIMIT)
            .await
            .unwrap_or_default();
        return server_fn_failure(&String::from_utf8_lossy(&body), &request_id, wants_html);
    }
    if !response.status().is_server_error()
        || response.extensions().get::<DeliberateStatus>().is_some()
    {
        return response;
    }
    let status = response.status();
    let body = to_bytes(response.into_body(), LOGGED_BODY_LIMIT)
        .await
        .unwrap_or_default();
    let body = String::from_utf8_lossy(&body);
    tracing::error!(request_id = %request_id, status = status.as_u16(), cause = %body, "request failed");
    friendly(status, &request_id, wants_html)
}

fn failed(response: &Response) -> bool {
    response.status().is_server_error() || response.headers().contains_key("serverfnerror")
}

/// How long a client refused for load is asked to wait.
const RETRY_AFTER_SECONDS: &str = "5";

/// A write refused because too many were waiting: nothing was changed, and the client is
/// told when to try again, at once rather than after a long wait.
fn overloaded(wants_html: bool) -> Response {
    let text = t();
    let mut response = if wants_html {
        html(
            StatusCode::SERVICE_UNAVAILABLE,
            message_html(text.busy_title, text.busy_body),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("busy: {}\n", text.busy_body),
        )
            .into_response()
    };
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from_static(RETRY_AFTER_SECONDS),
    );
    response
}

/// A server function's error, in Leptos's text encoding (`Kind|message`).
fn server_fn_failure(error: &str, request_id: &str, wants_html: bool) -> Response {
    if error.starts_with("Args|") || error.starts_with("MissingArg|") {
        tracing::info!(request_id = %request_id, cause = %error, "malformed server function arguments");
        let text = t();
        return if wants_html {
            html(
                StatusCode::BAD_REQUEST,
                message_html(text.bad_request_title, text.bad_request_body),
            )
        } else {
            (
                StatusCode::BAD_REQUEST,
                "bad request: malformed or missing arguments\n",
            )
                .into_response()
        };
    }
    tracing::error!(request_id = %request_id, cause = %error, "server function failed");
    friendly(StatusCode::INTERNAL_SERVER_ERROR, request_id, wants_html)
}

fn html(status: StatusCode, page: String) -> Response {
    let mut response = (status, page).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

fn friendly(status: StatusCode, request_id: &str, wants_html: bool) -> Response {
    if wants_html {
        html(status, server_error_html(request_id))
    } else {
        (
            status,
            Body::from(format!("internal error; reference {request_id}\n")),
        )
            .into_response()
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
