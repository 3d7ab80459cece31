//! Who is signed in, kept in the server-side session.

use chrono::{DateTime, Utc};
use tower_sessions::Session;
use uuid::Uuid;

use crate::platform::sessions::{PERSON_KEY, STARTED_AT_KEY};

#[derive(Debug, thiserror::Error)]
#[error("session store: {0}")]
pub struct SessionError(#[from] tower_sessions::session::Error);

/// Signs a person in on this browser: a new session id (so an id planted before sign-in is
/// worthless), the person, and the start of the absolute lifetime.
pub async fn establish(
    session: &Session,
    person_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), SessionError> {
    session.cycle_id().await?;
    session.insert(PERSON_KEY, person_id).await?;
    session.insert(STARTED_AT_KEY, now).await?;
    Ok(())
}

pub async fn signed_in_person(session: &Session) -> Result<Option<Uuid>, SessionError> {
    Ok(session.get::<Uuid>(PERSON_KEY).await?)
}

/// Ends the session on the server (the row is deleted) and in the browser.
pub async fn end(session: &Session) -> Result<(), SessionError> {
    session.flush().await?;
    Ok(())
}
