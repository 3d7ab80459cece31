//! The API's routes.

use axum::{
    Json, Router,
    body::Body,
    extract::{Query, State},
    http::{StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use bytes::Bytes;
use futures::stream;
use prefcentre_app::domain::EmailAddress;
use prefcentre_app::platform::{context::AppContext, csv_out::CsvOut, request::RequestInfo};
use prefcentre_app::sender::{
    audience::{self, Recipient},
    changes,
    events::{self, EventKind},
    revocation, suppression,
};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use super::auth::{Authorized, ReadAudience, WriteEvents};
use super::error::ApiError;
use crate::http::state::ServerState;

/// Rows read per database round trip while streaming.
const PAGE: u64 = 500;

pub fn router() -> Router<ServerState> {
    Router::new()
        .route("/api/v1/audience", get(audience_stream))
        .route("/api/v1/suppressions", get(suppression_list))
        .route("/api/v1/suppressions/check", get(suppression_check))
        .route("/api/v1/events", post(post_event))
        .route("/api/v1/links/revoke", post(revoke_links))
        .route("/api/v1/changes", get(change_feed))
        .route("/api/v1/openapi.json", get(openapi))
}

#[derive(Deserialize)]
struct AudienceQuery {
    topic: String,
    #[serde(default)]
    format: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Ndjson,
}

fn csv_line(recipient: &Recipient) -> Vec<u8> {
    let mut writer = CsvOut::from_writer(Vec::new());
    let _ = writer.write_record([
        recipient.email.as_str(),
        recipient.name.as_deref().unwrap_or_default(),
        recipient.language.as_str(),
        recipient.profile_url.as_str(),
        recipient.list_unsubscribe.as_str(),
        recipient.list_unsubscribe_post.as_str(),
        &recipient.person_id.to_string(),
    ]);
    writer.into_inner().unwrap_or_default()
}

const CSV_HEADER: &str =
    "email,name,language,profile_url,list_unsubscribe,list_unsubscribe_post,person_id\n";

/// Everyone who may be sent the topic now, streamed page by page: constant memory whatever
/// the audience's size.
async fn audience_stream(
    _: Authorized<ReadAudience>,
    State(state): State<ServerState>,
    Query(query): Query<AudienceQuery>,
) -> Result<Response, ApiError> {
    let ctx = state.ctx.clone();
    let format = match query.format.as_deref() {
        None | Some("ndjson") => Format::Ndjson,
        Some("csv") => Format::Csv,
        Some(_) => return Err(ApiError::BadRequest("format is csv or ndjson")),
    };
    let service_notices = audience::topic_kind(&ctx.db, &query.topic)
        .await?
        .ok_or(ApiError::NotFound("no such topic"))?;
    let topic = query.topic.clone();
    let first = (format == Format::Csv)
        .then(|| Ok::<_, std::io::Error>(Bytes::from_static(CSV_HEADER.as_bytes())));
    let rows = stream::unfold(Some(None::<Uuid>), move |cursor| {
        let ctx = ctx.clone();
        let topic = topic.clone();
        async move {
            let after = cursor?;
            match audience::page(&ctx, &topic, service_notices, after, PAGE).await {
                Ok(page) if page.is_empty() => None,
                Ok(page) => {
                    let next = page.last().map(|r| r.person_id);
                    let mut chunk = Vec::new();
                    for recipient in &page {
                        match format {
                            Format::Csv => chunk.extend(csv_line(recipient)),
                            Format::Ndjson => {
                                chunk.extend(serde_json::to_vec(recipient).unwrap_or_default());
                                chunk.push(b'\n');
                            }
                        }
                    }
                    Some((Ok(Bytes::from(chunk)), Some(next)))
                }
                Err(err) => {
                    tracing::error!(error = %err, "audience stream failed part-way");
                    Some((Err(std::io::Error::other("database error")), None))
                }
            }
        }
    });
    let body = Body::from_stream(futures::StreamExt::chain(stream::iter(first), rows));
    let content_type = match format {
        Format::Csv => "text/csv; charset=utf-8",
        Format::Ndjson => "application/x-ndjson",
    };
    Ok(([(header::CONTENT_TYPE, content_type)], body).into_response())
}

/// Addresses that must never be mailed, as NDJSON: `{"email","reason"}` for people we hold,
/// `{"email_hash","key_version","reason"}` for erased ones.
async fn suppression_list(_: Authorized<ReadAudience>, State(state): State<ServerState>) -> Response {
    let ctx = state.ctx.clone();
    let lines = stream::unfold(Some(None::<Uuid>), move |cursor| {
        let ctx = ctx.clone();
        async move {
            let after = cursor?;
            match suppression::page(&ctx.db, after, PAGE).await {
                Ok((_, None)) if after.is_some() => None,
                Ok((lines, last)) => {
                    let mut chunk = Vec::new();
                    for line in &lines {
                        chunk.extend(serde_json::to_vec(line).unwrap_or_default());
                        chunk.push(b'\n');
                    }
                    Some((Ok::<_, std::io::Error>(Bytes::from(chunk)), last.map(Some)))
                }
                Err(err) => {
                    tracing::error!(error = %err, "suppression stream failed part-way");
                    Some((Err(std::io::Error::other("database error")), None))
                }
            }
        }
    });
    (
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        Body::from_stream(lines),
    )
        .into_response()
}

#[derive(Deserialize)]
struct CheckQuery {
    email: String,
    topic: String,
}

/// "May I mail this address for this topic?": `{"may_send": true|false}`, nothing else.
async fn suppression_check(
    _: Authorized<ReadAudience>,
    State(state): State<ServerState>,
    Query(query): Query<CheckQuery>,
) -> Result<Response, ApiError> {
    let ctx = &state.ctx;
    let email = EmailAddress::parse(&query.email)
        .map_err(|_| ApiError::BadRequest("email is not an e-mail address"))?;
    let service_notices = audience::topic_kind(&ctx.db, &query.topic)
        .await?
        .ok_or(ApiError::NotFound("no such topic"))?;
    let may_send =
        suppression::may_mail(&ctx.db, &email, &query.topic, service_notices, ctx.clock.now())
            .await?;
    Ok(Json(json!({ "may_send": may_send })).into_response())
}

#[derive(Deserialize)]
struct EventBody {
    #[serde(rename = "type")]
    kind: EventKind,
    email: String,
}

/// A delivery event: `{"type": "hard_bounce" | "soft_bounce" | "complaint", "email": "…"}`.
async fn post_event(
    authorized: Authorized<WriteEvents>,
    State(state): State<ServerState>,
    parts: Parts,
    body: Bytes,
) -> Result<Response, ApiError> {
    let ctx: &AppContext = &state.ctx;
    let event = serde_json::from_slice::<EventBody>(&body).map_err(|_| {
        ApiError::BadRequest(
            "expected {\"type\": \"hard_bounce\"|\"soft_bounce\"|\"complaint\", \"email\": \"…\"}",
        )
    })?;
    let email = EmailAddress::parse(&event.email)
        .map_err(|_| ApiError::BadRequest("email is not an e-mail address"))?;
    events::record(ctx, &RequestInfo::from_parts(&parts), authorized.key.id, &email, event.kind)
        .await?;
    Ok(accepted())
}

/// The answer to a write the API took: 202 `{"accepted": true}`.
fn accepted() -> Response {
    (StatusCode::ACCEPTED, Json(json!({ "accepted": true }))).into_response()
}

#[derive(Deserialize)]
struct RevokeBody {
    email: String,
}

/// Ends every profile link of the person with this address: `{"email": "…"}`. Accepted alike
/// for addresses nobody holds.
async fn revoke_links(
    authorized: Authorized<WriteEvents>,
    State(state): State<ServerState>,
    parts: Parts,
    body: Bytes,
) -> Result<Response, ApiError> {
    let ctx: &AppContext = &state.ctx;
    let body = serde_json::from_slice::<RevokeBody>(&body)
        .map_err(|_| ApiError::BadRequest("expected {\"email\": \"…\"}"))?;
    let email = EmailAddress::parse(&body.email)
        .map_err(|_| ApiError::BadRequest("email is not an e-mail address"))?;
    revocation::revoke(ctx, &RequestInfo::from_parts(&parts), authorized.key.id, &email).await?;
    Ok(accepted())
}

#[derive(Deserialize)]
struct ChangesQuery {
    #[serde(default)]
    since: i64,
    #[serde(default)]
    limit: Option<u64>,
}

/// Feed events after `since`, in commit order, at most `limit` (default and maximum 1,000).
async fn change_feed(
    _: Authorized<ReadAudience>,
    State(state): State<ServerState>,
    Query(query): Query<ChangesQuery>,
) -> Result<Response, ApiError> {
    let limit = query.limit.unwrap_or(1000).clamp(1, 1000);
    let page = changes::since(&state.ctx.db, query.since.max(0), limit).await?;
    Ok(Json(page).into_response())
}

async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("openapi.json"),
    )
        .into_response()
}
