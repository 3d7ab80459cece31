//! Suppression: addresses that must never be mailed. The check answers "may I mail this
//! address for topic X?" with yes or no and nothing more, for people we hold, for erased people
//! (known only by a keyed hash of their canonical address) and for strangers alike.
//!
//! The hash key is kept in the database under a version, separate from the server secret, so
//! rotating the secret never un-suppresses anyone.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use uuid::Uuid;

use crate::consents::model::ConsentState;
use crate::consents::ssr::audience::{Recipient, may_send};
use crate::store::consent_states as state;
use crate::domain::EmailAddress;
use crate::store::people;
use crate::platform::suppression::{address_hash, current_key};
use crate::store::suppressed_hashes as hash_entity;

/// "May I mail this address for topic X?"
pub async fn may_mail(
    db: &impl ConnectionTrait,
    email: &EmailAddress,
    topic: &str,
    service_notices: bool,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let (version, key) = current_key(db, now).await?;
    let hashed = hash_entity::Entity::find_by_id((address_hash(&key, email), version))
        .one(db)
        .await?;
    if hashed.is_some() {
        return Ok(false);
    }
    let Some(person) = people::Entity::find()
        .filter(people::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    let consent = state::Entity::find_by_id((person.id, topic.to_owned()))
        .one(db)
        .await?
        .map(|s| s.state);
    Ok(may_send(Recipient::of(&person), service_notices, consent))
}

/// One line of the suppression list: an address we hold, or the hash of an erased one.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Suppressed {
    Address {
        email: String,
        reason: &'static str,
    },
    Hash {
        email_hash: String,
        key_version: i32,
        reason: String,
    },
}

/// A page of the suppression list, after `after` (a person id) for addresses; erased hashes
/// come on the first page. Reasons: withdrawn everything, restricted, bounced.
pub async fn page(
    db: &impl ConnectionTrait,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<Suppressed>, Option<Uuid>), DbErr> {
    let mut lines = Vec::new();
    if after.is_none() {
        for hash in hash_entity::Entity::find().all(db).await? {
            lines.push(Suppressed::Hash {
                email_hash: hash.hash,
                key_version: hash.key_version,
                reason: hash.reason,
            });
        }
    }
    let mut query = people::Entity::find()
        .filter(people::Column::ErasedAt.is_null())
        .order_by_asc(people::Column::Id)
        .limit(limit);
    if let Some(after) = after {
        query = query.filter(people::Column::Id.gt(after));
    }
    let batch = query.all(db).await?;
    let last = batch.last().map(|p| p.id);
    for person in batch {
        let reason = if person.bounced_at.is_some() {
            Some("bounced")
        } else if person.restricted_at.is_some() {
            Some("restricted")
        } else {
            let states = state::Entity::find()
                .filter(state::Column::PersonId.eq(person.id))
                .all(db)
                .await?;
            let withdrew_all = !states.is_empty()
                && states
                    .iter()
                    .all(|s| s.state == ConsentState::Withdrawn);
            withdrew_all.then_some("withdrawn everything")
        };
        if let Some(reason) = reason {
            lines.push(Suppressed::Address {
                email: person.email,
                reason,
            });
        }
    }
    Ok((lines, last))
}
