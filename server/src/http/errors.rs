//! The last line of defence for every response.
//!
//! - A panic, or any 5xx, becomes the friendly error page (or a short text for non-browser
//!   callers) carrying the request id. The cause is logged under that id, never shown.
//! - A server function called with malformed or missing arguments answers 400. Leptos reports
//!   those as a 500 (or, for a plain form post, a redirect back); neither is right for input the
//!   client got wrong.
//! - A request whose write was refused because SQLite's write queue was full, or that failed
//!   while the database does not answer (a restart), answers 503 with `Retry-After` (see
//!   `platform::db::begin_write`), whatever the handler made of the error.
//! - A write the database's storage refused (a full disk, a read-only file) answers 503 too,
//!   and is logged with `alert=true`: nothing was changed, and someone must make room.
//! - Handlers answer a failure with [`internal_error`]: the cause travels in the body to this
//!   layer, which logs it and never shows it.

use std::panic::AssertUnwindSafe;

use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use futures::FutureExt;
use prefcentre_app::i18n::{Locale, tr};
use prefcentre_app::platform::db::{refused_as_locked, refused_by_storage, refused_by_write_queue};
use prefcentre_app::site::error_page::{message_html, server_error_html};
use sea_orm::DatabaseConnection;

/// How much of an error body is read back (for its kind, and the log).
const LOGGED_BODY_LIMIT: usize = 4 * 1024;

/// The first `LOGGED_BODY_LIMIT` bytes of a body. Only the start: a server function's error
/// can echo a huge argument back, and reading the whole body with a limit fails on it, which
/// once turned "malformed arguments" (400) into a 500.
async fn body_start(body: Body) -> Vec<u8> {
    use futures::StreamExt;
    let mut stream = body.into_data_stream();
    let mut start = Vec::new();
    while start.len() < LOGGED_BODY_LIMIT {
        match stream.next().await {
            Some(Ok(chunk)) => start.extend_from_slice(&chunk),
            _ => break,
        }
    }
    start.truncate(LOGGED_BODY_LIMIT);
    start
}

/// Marks a 5xx response as a deliberate answer (the health check's 503), which passes through.
#[derive(Clone, Copy, Debug)]
pub struct DeliberateStatus;

/// What the shield needs: the database, checked when a request failed, and the language of
/// an answer to a request the language middleware has not seen.
#[derive(Clone)]
pub struct Shield {
    pub database: Option<DatabaseConnection>,
    pub default_language: Locale,
}

/// Who the answer is for: a browser (an HTML page) or a client (plain text), and in which
/// language.
#[derive(Clone, Copy)]
struct Reader {
    html: bool,
    locale: Locale,
}

/// `database`: checked when a request failed, to tell "the database is unavailable" (503,
/// try again) from a fault of ours (500).
pub async fn shield_server_errors(
    State(shield): State<Shield>,
    request: Request,
    next: Next,
) -> Response {
    let database = shield.database;
    let request_id = request_id_of(&request);
    let mut reader = Reader {
        html: accepts_html(&request),
        locale: super::language::without_session(
            request.headers(),
            request.uri().query(),
            shield.default_language,
        ),
    };
    let (outcome, busy) = prefcentre_app::platform::db::noting_busy(
        AssertUnwindSafe(next.run(request)).catch_unwind(),
    )
    .await;
    let response = match outcome {
        Ok(response) if busy && failed(&response) => {
            return come_back_later(reader, Unavailable::Busy);
        }
        Ok(response) => response,
        Err(panic) => {
            let cause = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            tracing::error!(request_id = %request_id, %cause, "request handler panicked");
            return friendly(StatusCode::INTERNAL_SERVER_ERROR, &request_id, reader);
        }
    };

    // The language middleware's choice, which knows the session, once it has run.
    if let Some(locale) = response.extensions().get::<Locale>() {
        reader.locale = *locale;
    }
    // (No borrow of the response may live across this await: its body is not `Sync`.)
    let failure = failed(&response) && response.extensions().get::<DeliberateStatus>().is_none();
    if failure && database_is_down(database.as_ref()).await {
        tracing::error!(request_id = %request_id, "request failed: the database is unavailable");
        return come_back_later(reader, Unavailable::DatabaseDown);
    }

    // A server function that returned an error: Leptos answers 500, or for a plain form post
    // a redirect back (with the error in the URL when the request had a Referer). Either way
    // the response keeps the `serverfnerror` header and the error text as its body.
    if response.headers().contains_key("serverfnerror") {
        let body = body_start(response.into_body()).await;
        let error = String::from_utf8_lossy(&body);
        return refused_by_database(database.as_ref(), &error, &request_id, reader)
            .unwrap_or_else(|| server_fn_failure(&error, &request_id, reader));
    }
    if !response.status().is_server_error()
        || response.extensions().get::<DeliberateStatus>().is_some()
    {
        return response;
    }
    let status = response.status();
    let body = body_start(response.into_body()).await;
    let body = String::from_utf8_lossy(&body);
    if let Some(refusal) = refused_by_database(database.as_ref(), &body, &request_id, reader) {
        return refusal;
    }
    tracing::error!(request_id = %request_id, status = status.as_u16(), cause = %body, "request failed");
    friendly(status, &request_id, reader)
}

/// A handler's answer to a failure of ours: 500, with the cause in the body for this layer to
/// log (and to tell a storage refusal from a fault); the client sees the friendly page.
pub fn internal_error(cause: impl std::fmt::Display) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, cause.to_string()).into_response()
}

fn failed(response: &Response) -> bool {
    response.status().is_server_error() || response.headers().contains_key("serverfnerror")
}

#[derive(Clone, Copy)]
enum Unavailable {
    /// A write refused because too many were waiting.
    Busy,
    /// The database did not answer (restarting, unreachable).
    DatabaseDown,
    /// The database's storage refused a write (full, read-only).
    StorageRefused,
}

impl Unavailable {
    /// How long the client is asked to wait: load and restarts pass in seconds, a full disk
    /// waits for someone to make room.
    fn retry_after(&self) -> &'static str {
        match self {
            Unavailable::Busy | Unavailable::DatabaseDown => "5",
            Unavailable::StorageRefused => "60",
        }
    }
}

/// The answer to a failure whose cause is the database refusing the write, if it is one:
///
/// - its storage refused (full, read-only): 503, logged with `alert=true`;
/// - SQLite's "database is locked" (a stale connection): 503 Busy;
/// - our own write queue was full (load): 503 Busy.
///
/// After the first two the SQLite writer that met it is replaced: it could go on refusing once
/// there is room again, or keep its stale snapshot (see `platform::db::replace_writer_after`).
fn refused_by_database(
    database: Option<&DatabaseConnection>,
    cause: &str,
    request_id: &str,
    reader: Reader,
) -> Option<Response> {
    if refused_by_write_queue(cause) {
        return Some(come_back_later(reader, Unavailable::Busy));
    }
    let why = if refused_by_storage(cause) {
        tracing::error!(
            request_id = %request_id,
            alert = true,
            %cause,
            "the database's storage refused a write (disk full or read-only); nothing was changed"
        );
        Unavailable::StorageRefused
    } else if refused_as_locked(cause) {
        tracing::warn!(request_id = %request_id, %cause, "write refused: the database is locked");
        Unavailable::Busy
    } else {
        return None;
    };
    if let Some(database) = database {
        prefcentre_app::platform::db::replace_writer_after(database, cause);
    }
    Some(come_back_later(reader, why))
}

/// Whether the database fails to answer a trivial query within a second.
async fn database_is_down(database: Option<&DatabaseConnection>) -> bool {
    let Some(database) = database else {
        return false;
    };
    !matches!(
        tokio::time::timeout(std::time::Duration::from_secs(1), database.ping()).await,
        Ok(Ok(()))
    )
}

/// Nothing was changed, and the client is told when to try again.
fn come_back_later(reader: Reader, why: Unavailable) -> Response {
    let locale = reader.locale;
    let (title, body) = match why {
        Unavailable::Busy => (tr!(locale, common.busy_title), tr!(locale, common.busy_body)),
        Unavailable::DatabaseDown => (
            tr!(locale, common.unavailable_title),
            tr!(locale, common.unavailable_body),
        ),
        Unavailable::StorageRefused => (
            tr!(locale, common.storage_title),
            tr!(locale, common.storage_body),
        ),
    };
    let mut response = if reader.html {
        html(StatusCode::SERVICE_UNAVAILABLE, message_html(locale, title, body))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("unavailable: {body}\n"),
        )
            .into_response()
    };
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from_static(why.retry_after()),
    );
    response
}

/// A server function's error, in Leptos's text encoding (`Kind|message`).
fn server_fn_failure(error: &str, request_id: &str, reader: Reader) -> Response {
    if error.starts_with("Args|") || error.starts_with("MissingArg|") {
        tracing::info!(request_id = %request_id, cause = %error, "malformed server function arguments");
        let locale = reader.locale;
        return if reader.html {
            html(
                StatusCode::BAD_REQUEST,
                message_html(
                    locale,
                    tr!(locale, common.bad_request_title),
                    tr!(locale, common.bad_request_body),
                ),
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
    friendly(StatusCode::INTERNAL_SERVER_ERROR, request_id, reader)
}

fn html(status: StatusCode, page: String) -> Response {
    let mut response = (status, page).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

fn friendly(status: StatusCode, request_id: &str, reader: Reader) -> Response {
    if reader.html {
        html(status, server_error_html(reader.locale, request_id))
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
