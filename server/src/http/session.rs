//! Session cookie and lifetimes.
//!
//! The cookie is `__Host-` prefixed, `Secure`, `HttpOnly`, `SameSite=Lax`, `Path=/` whenever
//! the public URL is https (the prefix requires Secure, so plain-http development uses a
//! plain name). The store's expiry rolls with activity (idle timeout); the absolute timeout
//! is enforced here from the moment the session first held data.

use std::time::Duration;

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use chrono::{DateTime, Utc};
use prefcentre_app::platform::{
    clock::SharedClock,
    sessions::{DbSessionStore, SEEN_AT_KEY as SEEN_AT, STARTED_AT_KEY as STARTED_AT},
};
use tower_sessions::{Expiry, Session, SessionManagerLayer, cookie::SameSite};

pub const HARDENED_COOKIE: &str = "__Host-prefcentre";
pub const DEVELOPMENT_COOKIE: &str = "prefcentre";

/// Activity is written back at most this often: enough to keep the idle timeout rolling
/// without a database write on every request.
const TOUCH_EVERY: chrono::Duration = chrono::Duration::seconds(60);

pub fn layer(
    store: DbSessionStore,
    hardened: bool,
    idle: Duration,
) -> SessionManagerLayer<DbSessionStore> {
    let idle = time::Duration::try_from(idle).unwrap_or(time::Duration::minutes(30));
    SessionManagerLayer::new(store)
        .with_name(if hardened {
            HARDENED_COOKIE
        } else {
            DEVELOPMENT_COOKIE
        })
        .with_secure(hardened)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
}

#[derive(Clone, Debug)]
pub struct Lifetimes {
    pub clock: SharedClock,
    pub absolute: Duration,
}

/// Ends sessions older than the absolute lifetime, and records activity so the idle expiry
/// keeps moving while the person is active. Anonymous visitors without session data are left
/// alone: no row is written for them.
pub async fn enforce_lifetimes(
    State(lifetimes): State<Lifetimes>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(session) = request.extensions().get::<Session>().cloned() {
        if let Err(err) = check(&session, &lifetimes).await {
            tracing::warn!(error = %err, "session lifetime check failed");
        }
    }
    next.run(request).await
}

async fn check(
    session: &Session,
    lifetimes: &Lifetimes,
) -> Result<(), tower_sessions::session::Error> {
    // Reading loads the record. Only then does `is_empty` know a forged or expired cookie for
    // what it is (before, any cookie looks like a session); such a visitor has nothing to keep,
    // and writing its start time would store a row for every request it makes.
    let started = session.get::<DateTime<Utc>>(STARTED_AT).await?;
    if session.is_empty().await {
        return Ok(());
    }
    let now = lifetimes.clock.now();
    let absolute =
        chrono::Duration::from_std(lifetimes.absolute).unwrap_or(chrono::Duration::hours(12));
    match started {
        Some(started) if now - started >= absolute => {
            session.flush().await?;
            return Ok(());
        }
        Some(_) => {}
        None => session.insert(STARTED_AT, now).await?,
    }
    let stale = session
        .get::<DateTime<Utc>>(SEEN_AT)
        .await?
        .is_none_or(|seen| now - seen >= TOUCH_EVERY);
    if stale {
        session.insert(SEEN_AT, now).await?;
    }
    Ok(())
}
