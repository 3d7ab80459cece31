//! Suppression: addresses that must never be mailed. The check answers "may I mail this
//! address for topic X?" with yes or no and nothing more, for people we hold, for erased people
//! (known only by a keyed hash of their canonical address) and for strangers alike.
//!
//! The hash key is kept in the database under a version, separate from the server secret, so
//! rotating the secret never un-suppresses anyone.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use uuid::Uuid;

use crate::consents::model::ConsentState;
use crate::consents::ssr::audience::{Recipient, may_send};
use crate::store::consent_states as state;
use crate::domain::EmailAddress;
use crate::store::people;
use crate::platform::keys::{hex, sign};

use crate::store::suppression_keys as key_entity;

use crate::store::suppressed_hashes as hash_entity;

/// The current suppression key, created on first use.
pub async fn current_key(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<(i32, Vec<u8>), DbErr> {
    if let Some(key) = key_entity::Entity::find()
        .order_by_desc(key_entity::Column::Version)
        .one(db)
        .await?
    {
        let bytes = URL_SAFE_NO_PAD
            .decode(&key.key)
            .map_err(|e| DbErr::Custom(e.to_string()))?;
        return Ok((key.version, bytes));
    }
    let mut bytes = vec![0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    key_entity::Entity::insert(key_entity::ActiveModel {
        version: Set(1),
        key: Set(URL_SAFE_NO_PAD.encode(&bytes)),
        created_at: Set(now),
    })
    .on_conflict_do_nothing_on([key_entity::Column::Version])
    .exec(db)
    .await?;
    // Another instance may have won the insert; read back whichever key stands.
    let key = key_entity::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::Custom("suppression key".into()))?;
    Ok((
        1,
        URL_SAFE_NO_PAD
            .decode(&key.key)
            .map_err(|e| DbErr::Custom(e.to_string()))?,
    ))
}

pub fn address_hash(key: &[u8], email: &EmailAddress) -> String {
    hex(&sign(key, email.as_str().as_bytes()))
}

/// Records an address that must never be mailed again, by hash only (erasure).
pub async fn suppress_hash(
    db: &impl ConnectionTrait,
    email: &EmailAddress,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let (version, key) = current_key(db, now).await?;
    hash_entity::Entity::insert(hash_entity::ActiveModel {
        hash: Set(address_hash(&key, email)),
        key_version: Set(version),
        reason: Set(reason.to_owned()),
        created_at: Set(now),
    })
    .on_conflict_do_nothing_on([hash_entity::Column::Hash, hash_entity::Column::KeyVersion])
    .exec(db)
    .await?;
    Ok(())
}

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
        .and_then(|s| ConsentState::parse(&s.state));
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
                    .all(|s| s.state == ConsentState::Withdrawn.as_str());
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
