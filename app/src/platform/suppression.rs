//! The keyed hashes that keep an erased person's address suppressed: the key (kept in the
//! database under a version, apart from the server secret, so rotating the secret never
//! un-suppresses anyone) and the hash. Erasure (rights) writes them; the sender API and the
//! import (sender) read them.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, QueryOrder};

use crate::domain::EmailAddress;
use crate::platform::keys::{hex, sign};
use crate::store::suppressed_hashes as hash_entity;
use crate::store::suppression_keys as key_entity;

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
