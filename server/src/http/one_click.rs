//! One-click unsubscribe (RFC 8058) at `POST /u?t=…`.
//!
//! Mail clients post `List-Unsubscribe=One-Click` (form-urlencoded or multipart), with no
//! cookies and no CSRF token. The withdrawal is in the ledger (source "one-click") before the
//! answer, which is 200 and never a redirect. Repeating it is harmless; an unknown or
//! malformed token gets the same kind of answer as a valid one would not reveal anything
//! about anyone. `GET /u` is the Leptos page with the confirming button.

use axum::{
    body::{Body, Bytes},
    extract::{Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use prefcentre_app::consents::model::Source;
use prefcentre_app::i18n::tr;
use prefcentre_app::newsletter::ssr::profile::{Unsubscribed, unsubscribe};
use prefcentre_app::platform::request::RequestInfo;
use prefcentre_app::site::error_page::message_html;
use serde::Deserialize;

use super::state::ServerState;

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    t: String,
}

/// The body RFC 8058 requires, in either encoding.
fn is_one_click(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    text.contains("List-Unsubscribe=One-Click")
        || (text.contains("name=\"List-Unsubscribe\"") && text.contains("One-Click"))
}

pub async fn one_click(
    State(state): State<ServerState>,
    Query(query): Query<TokenQuery>,
    parts: http::request::Parts,
    body: Bytes,
) -> Response {
    let locale = super::language::of_request(&parts);
    if !is_one_click(&body) {
        return (
            StatusCode::BAD_REQUEST,
            "expected List-Unsubscribe=One-Click\n",
        )
            .into_response();
    }
    let request = RequestInfo::from_parts(&parts);
    let outcome = match unsubscribe(&state.ctx, &request, &query.t, Source::OneClick).await {
        Ok(outcome) => outcome,
        Err(err) => {
            return super::errors::internal_error(format!("one-click unsubscribe failed: {err}"));
        }
    };
    let page = match outcome {
        Unsubscribed::Done { topic_title, .. } => message_html(
            locale,
            tr!(locale, common.unsubscribed_title),
            &tr!(locale, common.unsubscribed_body, topic = &topic_title),
        ),
        Unsubscribed::Invalid => {
            return (
                StatusCode::BAD_REQUEST,
                message_html(
                    locale,
                    tr!(locale, common.unsubscribe_title),
                    tr!(locale, common.unsubscribe_link_invalid),
                ),
            )
                .into_response();
        }
    };
    let mut response = Response::new(Body::from(page));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}
