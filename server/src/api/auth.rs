//! API key authentication and scopes.

use axum::{
    Json,
    http::{StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
};
use prefcentre_app::platform::context::AppContext;
use prefcentre_app::sender::api_keys::{ApiKey, Scope, authenticate};
use serde_json::json;
use crate::http::errors::internal_error;

pub fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// The key of a request with the given scope, or the answer refusing it.
pub async fn require(ctx: &AppContext, parts: &Parts, scope: Scope) -> Result<ApiKey, Response> {
    let presented = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(presented) = presented else {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "an API key is required: Authorization: Bearer pc_…",
        ));
    };
    let key = authenticate(&ctx.db, presented, ctx.clock.now())
        .await
        .map_err(|err| internal_error(format!("API key lookup failed: {err}")))?;
    match key {
        None => Err(error(
            StatusCode::UNAUTHORIZED,
            "unknown or revoked API key",
        )),
        Some(key) if !key.scopes.contains(&scope) => Err(error(
            StatusCode::FORBIDDEN,
            &format!("this key lacks the {} scope", scope.as_str()),
        )),
        Some(key) => Ok(key),
    }
}
