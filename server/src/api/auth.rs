//! API key authentication and scopes, as an extractor: a handler that takes
//! `Authorized<ReadAudience>` runs only for a known key holding that scope.

use std::marker::PhantomData;

use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts},
};
use prefcentre_app::sender::api_keys::{ApiKey, Scope, authenticate};

use super::error::ApiError;
use crate::http::state::ServerState;

/// A scope a route needs, as a type.
pub trait RequiredScope {
    const SCOPE: Scope;
}

/// Reading the audience, the suppression list and the change feed.
pub struct ReadAudience;
impl RequiredScope for ReadAudience {
    const SCOPE: Scope = Scope::ReadAudience;
}

/// Writing delivery events and revoking links.
pub struct WriteEvents;
impl RequiredScope for WriteEvents {
    const SCOPE: Scope = Scope::WriteEvents;
}

/// The request's key, known, unrevoked and holding scope `S`.
pub struct Authorized<S> {
    pub key: ApiKey,
    scope: PhantomData<S>,
}

impl<S: RequiredScope + Send + Sync> FromRequestParts<ServerState> for Authorized<S> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ServerState) -> Result<Self, ApiError> {
        let presented = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or(ApiError::KeyMissing)?;
        let ctx = &state.ctx;
        let key = authenticate(&ctx.db, presented, ctx.clock.now())
            .await
            .map_err(|err| ApiError::Internal(format!("API key lookup failed: {err}")))?
            .ok_or(ApiError::KeyUnknown)?;
        if !key.scopes.contains(&S::SCOPE) {
            return Err(ApiError::ScopeMissing(S::SCOPE));
        }
        Ok(Self { key, scope: PhantomData })
    }
}
