//! `GET /healthz`: 200 when the process is up and the database answers, 503 otherwise.
//! `GET /readyz`: 200 when, besides, the background workers this instance runs (the outbox
//! worker, the job runner) went round in the last two minutes; 503 naming what is not, so an
//! orchestrator replaces an instance whose worker died while its pages still answer. Load
//! balancers and orchestrators poll both, so they are cheap and say nothing about the data.
//! Migrations ran before the instance listens at all.

use std::time::Duration;

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};

use super::{errors::DeliberateStatus, state::ServerState};

async fn database_answers(state: &ServerState) -> bool {
    match tokio::time::timeout(Duration::from_secs(2), state.ctx.db.ping()).await {
        Ok(Ok(())) => true,
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "health check: database unreachable");
            false
        }
        Err(_) => {
            tracing::warn!("health check: database did not answer within 2 s");
            false
        }
    }
}

pub async fn healthz(State(state): State<ServerState>) -> Response {
    if database_answers(&state).await {
        (StatusCode::OK, "ok\n").into_response()
    } else {
        unavailable("database unreachable\n".to_owned())
    }
}

pub async fn readyz(State(state): State<ServerState>) -> Response {
    use prefcentre_app::platform::liveness::Worker;
    let mut problems = Vec::new();
    if !database_answers(&state).await {
        problems.push("database unreachable".to_owned());
    }
    let now = state.ctx.clock.now();
    let running = [
        (Worker::Outbox, state.settings.deliver_mail),
        (Worker::Jobs, state.settings.run_jobs),
    ];
    for (worker, runs_here) in running {
        if runs_here && !state.ctx.liveness.alive(worker, now) {
            problems.push(format!("{} worker not running", worker.as_str()));
        }
    }
    if problems.is_empty() {
        (StatusCode::OK, "ready\n").into_response()
    } else {
        tracing::warn!(problems = ?problems, "readiness check failed");
        unavailable(problems.join("\n") + "\n")
    }
}

fn unavailable(body: String) -> Response {
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, body).into_response();
    response.extensions_mut().insert(DeliberateStatus);
    response
}
