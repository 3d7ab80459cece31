//! One-time values (a new API key, a staff set-up link, recovery codes) cross from the post
//! that made them to the page that shows them through the session, since forms redirect. They
//! wait there sealed (see `sealed`), never in clear, and are taken out by the first page that
//! shows them: a copy of the sessions table holds nothing usable.

use serde::{Serialize, de::DeserializeOwned};
use tower_sessions::Session;

use super::keys::Keys;

/// Leaves `value` for the next page, sealed for `slot`.
pub async fn put<T: Serialize>(
    session: &Session,
    keys: &Keys,
    slot: &str,
    value: &T,
) -> Result<(), tower_sessions::session::Error> {
    let plain = serde_json::to_vec(value).map_err(tower_sessions::session::Error::SerdeJson)?;
    session.insert(slot, keys.seal(slot, &plain)).await
}

/// Takes the value left in `slot`, once.
pub async fn take<T: DeserializeOwned>(
    session: &Session,
    keys: &Keys,
    slot: &str,
) -> Result<Option<T>, tower_sessions::session::Error> {
    if session.get::<String>(slot).await?.is_none() {
        return Ok(None);
    }
    let Some(sealed) = session.remove::<String>(slot).await? else {
        return Ok(None);
    };
    Ok(keys
        .open(slot, &sealed)
        .and_then(|plain| serde_json::from_slice(&plain).ok()))
}
