//! API keys: `pc_<prefix>_<secret>`. Only the SHA-256 of the secret is stored; the prefix finds
//! the row. Each key has scopes: `read:audience` (audience, suppression, change feed) and
//! `write:events` (bounces and complaints).

use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::Expr,
};
use uuid::Uuid;

use crate::platform::keys::sha256_hex;

use crate::store::api_keys as entity;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    ReadAudience,
    WriteEvents,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReadAudience => "read:audience",
            Self::WriteEvents => "write:events",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::ReadAudience, Self::WriteEvents]
            .into_iter()
            .find(|s| s.as_str() == raw.trim())
    }
}

/// An authenticated key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKey {
    pub id: Uuid,
    pub scopes: Vec<Scope>,
}

fn random_text(bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut raw);
    raw.iter().map(|b| format!("{b:02x}")).collect()
}

/// Creates a key and returns it in the clear: the only time it is ever shown.
pub async fn create(
    db: &impl ConnectionTrait,
    name: &str,
    scopes: &[Scope],
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    let prefix = random_text(6);
    let secret = random_text(20);
    entity::Entity::insert(entity::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(name.to_owned()),
        prefix: Set(prefix.clone()),
        secret_hash: Set(sha256_hex(secret.as_bytes())),
        scopes: Set(scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(",")),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked_at: Set(None),
    })
    .exec(db)
    .await?;
    Ok(format!("pc_{prefix}_{secret}"))
}

/// The key behind an `Authorization: Bearer …` value, if it is genuine and not revoked.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    presented: &str,
    now: DateTime<Utc>,
) -> Result<Option<ApiKey>, DbErr> {
    let Some((prefix, secret)) = presented
        .strip_prefix("pc_")
        .and_then(|rest| rest.split_once('_'))
    else {
        return Ok(None);
    };
    if prefix.len() != 12 || secret.len() != 40 {
        return Ok(None);
    }
    let Some(row) = entity::Entity::find()
        .filter(entity::Column::Prefix.eq(prefix))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let hash = sha256_hex(secret.as_bytes());
    let matches = hash.len() == row.secret_hash.len()
        && hash
            .bytes()
            .zip(row.secret_hash.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if !matches || row.revoked_at.is_some() {
        return Ok(None);
    }
    entity::Entity::update_many()
        .col_expr(entity::Column::LastUsedAt, Expr::value(now))
        .filter(entity::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    Ok(Some(ApiKey {
        id: row.id,
        scopes: row.scopes.split(',').filter_map(Scope::parse).collect(),
    }))
}
