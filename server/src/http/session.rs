//! Session cookie and lifetimes.
//!
//! The cookie is `__Host-` prefixed, `Secure`, `HttpOnly`, `SameSite=Lax`, `Path=/` whenever
//! the public URL is https (the prefix requires Secure, so plain-http development uses a
//! plain name). The store's expiry rolls with activity (idle timeout); the absolute timeout
//! is enforced here from the moment the session first held data.

use std::time::Duration;

use axum::{
    extract::{Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};
use chrono::{DateTime, Utc};
use prefcentre_app::platform::{
    clock::SharedClock,
    sessions::{DbSessionStore, SEEN_AT_KEY as SEEN_AT, STARTED_AT_KEY as STARTED_AT},
};
use tower_sessions::{
    Expiry, Session, SessionManagerLayer,
    cookie::{Cookie, SameSite},
};

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
        .with_name(cookie_name(hardened))
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
    pub idle: Duration,
    pub store: DbSessionStore,
    /// Whether the cookie is the hardened one (see `layer`).
    pub hardened: bool,
}

/// Ends sessions older than the absolute lifetime, and records activity so the idle expiry
/// keeps moving while the person is active. Anonymous visitors without session data are left
/// alone: no row is written for them.
///
/// Recording activity is a side matter, so it is done here after the page, straight on the
/// store, and a failure is logged: left to tower-sessions' save, a failed write of "last seen"
/// turned the page into a 500, after whatever the page did had already committed.
pub async fn enforce_lifetimes(
    State(lifetimes): State<Lifetimes>,
    request: Request,
    next: Next,
) -> Response {
    let session = request.extensions().get::<Session>().cloned();
    let mut touch_due = None;
    if let Some(session) = &session {
        match check(session, &lifetimes).await {
            Ok(due) => touch_due = due,
            Err(err) => tracing::warn!(error = %err, "session lifetime check failed"),
        }
    }
    let mut response = next.run(request).await;
    if let (Some(session), Some(now)) = (session, touch_due) {
        // A session the page changed is saved by tower-sessions, which renews its expiry and
        // cookie anyway; the next request records the activity.
        if !session.is_modified() && !response.status().is_server_error() {
            touch(&session, &lifetimes, now, &mut response).await;
        }
    }
    response
}

/// Checks the absolute lifetime; returns when activity is due to be recorded.
async fn check(
    session: &Session,
    lifetimes: &Lifetimes,
) -> Result<Option<DateTime<Utc>>, tower_sessions::session::Error> {
    // Reading loads the record. Only then does `is_empty` know a forged or expired cookie for
    // what it is (before, any cookie looks like a session); such a visitor has nothing to keep,
    // and writing its start time would store a row for every request it makes.
    let started = session.get::<DateTime<Utc>>(STARTED_AT).await?;
    if session.is_empty().await {
        return Ok(None);
    }
    let now = lifetimes.clock.now();
    let absolute =
        chrono::Duration::from_std(lifetimes.absolute).unwrap_or(chrono::Duration::hours(12));
    match started {
        Some(started) if now - started >= absolute => {
            session.flush().await?;
            return Ok(None);
        }
        Some(_) => {}
        None => session.insert(STARTED_AT, now).await?,
    }
    let stale = session
        .get::<DateTime<Utc>>(SEEN_AT)
        .await?
        .is_none_or(|seen| now - seen >= TOUCH_EVERY);
    Ok(stale.then_some(now))
}

/// Writes "last seen" and the new idle expiry, and renews the cookie to match.
async fn touch(
    session: &Session,
    lifetimes: &Lifetimes,
    now: DateTime<Utc>,
    response: &mut Response,
) {
    let Some(id) = session.id() else { return };
    let idle = chrono::Duration::from_std(lifetimes.idle).unwrap_or(chrono::Duration::minutes(30));
    match lifetimes.store.touch(&id, now, now + idle).await {
        Ok(true) => {
            let cookie = Cookie::build((cookie_name(lifetimes.hardened), id.to_string()))
                .path("/")
                .http_only(true)
                .secure(lifetimes.hardened)
                .same_site(SameSite::Lax)
                .max_age(time::Duration::seconds(idle.num_seconds()))
                .build();
            if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
        }
        // Signed out or changed elsewhere meanwhile: nothing to renew.
        Ok(false) => {}
        Err(err) => tracing::warn!(error = %err, "could not record session activity"),
    }
}

fn cookie_name(hardened: bool) -> &'static str {
    if hardened {
        HARDENED_COOKIE
    } else {
        DEVELOPMENT_COOKIE
    }
}
