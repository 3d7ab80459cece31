//! Who is signed in, kept in the server-side session.

use chrono::{DateTime, Utc};
use tower_sessions::Session;
use uuid::Uuid;

use crate::platform::request::RequestInfo;
use crate::platform::sessions::{
    IP_KEY, PERSON_KEY, STAFF_KEY, STARTED_AT_KEY, USER_AGENT_KEY, storage_key,
};

#[derive(Debug, thiserror::Error)]
#[error("session store: {0}")]
pub struct SessionError(#[from] tower_sessions::session::Error);

/// Who a browser signs in as: a person or a staff member, never both at once.
#[derive(Clone, Copy, Debug)]
pub enum SignedInAs {
    Person(Uuid),
    Staff(Uuid),
}

/// Signs a person or a staff member in on this browser: a new session id (so an id planted
/// before sign-in is worthless) and a new CSRF secret, no other identity beside this one, the
/// start of the absolute lifetime, and the browser and address it happened from (for the list
/// of sessions).
pub async fn establish(
    session: &Session,
    who: SignedInAs,
    request: &RequestInfo,
    now: DateTime<Utc>,
) -> Result<(), SessionError> {
    let (key, id, other) = match who {
        SignedInAs::Person(id) => (PERSON_KEY, id, STAFF_KEY),
        SignedInAs::Staff(id) => (STAFF_KEY, id, PERSON_KEY),
    };
    session.cycle_id().await?;
    crate::platform::csrf::rotate_with_this_response();
    session.remove::<Uuid>(other).await?;
    session.insert(key, id).await?;
    session.insert(STARTED_AT_KEY, now).await?;
    session.insert(USER_AGENT_KEY, &request.user_agent).await?;
    session
        .insert(IP_KEY, request.ip.map(|ip| ip.to_string()))
        .await?;
    Ok(())
}

/// When this browser signed in (a password-less person must have signed in recently before a
/// sensitive change).
pub async fn signed_in_at(session: &Session) -> Result<Option<DateTime<Utc>>, SessionError> {
    Ok(session.get::<DateTime<Utc>>(STARTED_AT_KEY).await?)
}

/// The storage key of this browser's session, to tell it apart in the list of sessions.
pub fn current_key(session: &Session) -> Option<String> {
    session.id().map(|id| storage_key(&id))
}

pub async fn signed_in_person(session: &Session) -> Result<Option<Uuid>, SessionError> {
    Ok(session.get::<Uuid>(PERSON_KEY).await?)
}

/// Ends the session on the server (the row is deleted) and in the browser, with its CSRF
/// secret.
pub async fn end(session: &Session) -> Result<(), SessionError> {
    session.flush().await?;
    crate::platform::csrf::rotate_with_this_response();
    Ok(())
}
