//! Every refusal of the sender API, and the one place that turns it into an answer:
//! `{"error": "…"}` with its status (a failure the caller cannot fix goes through the HTTP
//! shield, which logs it and answers 500, or 503 while storage refuses writes).

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use prefcentre_app::sender::api_keys::Scope;
use serde_json::json;

use crate::http::errors::internal_error;

#[derive(Debug)]
pub enum ApiError {
    /// No `Authorization: Bearer` key.
    KeyMissing,
    /// A key nobody holds, or a revoked one.
    KeyUnknown,
    /// The key lacks the scope the route needs.
    ScopeMissing(Scope),
    /// The request is malformed; the message says what is expected.
    BadRequest(&'static str),
    NotFound(&'static str),
    /// A failure the caller cannot fix.
    Internal(String),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            Self::KeyMissing => (
                StatusCode::UNAUTHORIZED,
                "an API key is required: Authorization: Bearer pc_…".to_owned(),
            ),
            Self::KeyUnknown => (StatusCode::UNAUTHORIZED, "unknown or revoked API key".to_owned()),
            Self::ScopeMissing(scope) => (
                StatusCode::FORBIDDEN,
                format!("this key lacks the {} scope", scope.as_str()),
            ),
            Self::BadRequest(message) => (StatusCode::BAD_REQUEST, message.to_owned()),
            Self::NotFound(message) => (StatusCode::NOT_FOUND, message.to_owned()),
            Self::Internal(cause) => return internal_error(format!("API request failed: {cause}")),
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Internal(err.to_string())
    }
}
