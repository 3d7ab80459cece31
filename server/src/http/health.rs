//! `GET /healthz`: 200 when the process is up and the database answers, 503 otherwise. Load
//! balancers and orchestrators poll it, so it is cheap and says nothing about the data.

use std::time::Duration;

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};

use super::{errors::DeliberateStatus, router::ServerState};

pub async fn healthz(State(state): State<ServerState>) -> Response {
    let reachable = match tokio::time::timeout(Duration::from_secs(2), state.ctx.db.ping()).await {
        Ok(Ok(())) => true,
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "health check: database unreachable");
            false
        }
        Err(_) => {
            tracing::warn!("health check: database did not answer within 2 s");
            false
        }
    };
    if reachable {
        (StatusCode::OK, "ok\n").into_response()
    } else {
        let mut response =
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n").into_response();
        response.extensions_mut().insert(DeliberateStatus);
        response
    }
}
