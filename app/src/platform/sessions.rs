//! A tower-sessions store in the application's own database (SQLite or PostgreSQL), so every
//! app instance sees every session and no second connection pool is needed.
//!
//! Rows are keyed by the SHA-256 of the session id: a copy of the table does not hand out
//! live cookies. `save` only updates: a session ended elsewhere (logout on another device,
//! "end all sessions", erasure) is never brought back by a request that was still in flight.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, SqlErr,
    entity::prelude::*, sea_query::Expr,
};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use tower_sessions::{
    SessionStore,
    session::{Id, Record},
    session_store::{Error, Result},
};

use super::clock::SharedClock;

/// Session keys whose values are copied to indexed columns.
pub const PERSON_KEY: &str = "person_id";
pub const STAFF_KEY: &str = "staff_id";
/// When the session began holding a sign-in: the start of its absolute lifetime.
pub const STARTED_AT_KEY: &str = "started_at";
/// When the session was last used (written at most once a minute).
pub const SEEN_AT_KEY: &str = "seen_at";
/// The browser and address the session was signed in from, for "my sessions".
pub const USER_AGENT_KEY: &str = "user_agent";
pub const IP_KEY: &str = "ip";

use crate::store::sessions as entity;

use entity::{ActiveModel, Column, Entity as Sessions};

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: DatabaseConnection,
    clock: SharedClock,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection, clock: SharedClock) -> Self {
        Self { db, clock }
    }

    /// Ends every session of a person (password reset, erasure, "sign out everywhere").
    pub async fn delete_for_person(
        db: &impl ConnectionTrait,
        person_id: Uuid,
    ) -> std::result::Result<u64, DbErr> {
        let result = Sessions::delete_many()
            .filter(Column::PersonId.eq(person_id))
            .exec(db)
            .await?;
        Ok(result.rows_affected)
    }
}

impl DbSessionStore {
    /// Records that a session was seen at `seen_at` and moves its expiry to `expires_at`,
    /// outside tower-sessions' save: a touch that fails is the caller's to log, never a
    /// failed response. Only a row that still holds what was read is written, so a touch never
    /// undoes a save or a sign-out that happened meanwhile. Returns whether a row was written.
    pub async fn touch(
        &self,
        id: &Id,
        seen_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> std::result::Result<bool, DbErr> {
        let key = storage_key(id);
        let Some(row) = Sessions::find_by_id(key.clone()).one(&self.db).await? else {
            return Ok(false);
        };
        let mut data: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&row.data).map_err(|e| DbErr::Custom(e.to_string()))?;
        data.insert(
            SEEN_AT_KEY.to_owned(),
            serde_json::to_value(seen_at).map_err(|e| DbErr::Custom(e.to_string()))?,
        );
        let written = Sessions::update_many()
            .col_expr(
                Column::Data,
                Expr::value(serde_json::Value::Object(data).to_string()),
            )
            .col_expr(Column::ExpiresAt, Expr::value(expires_at))
            .filter(Column::Id.eq(key))
            .filter(Column::Data.eq(row.data))
            .exec(&self.db)
            .await?;
        Ok(written.rows_affected == 1)
    }
}

/// Deletes the sessions that expired by `now`. Loading already ignores them; this keeps the
/// table small.
pub async fn delete_expired(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> std::result::Result<u64, DbErr> {
    let result = Sessions::delete_many()
        .filter(Column::ExpiresAt.lte(now))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// The database key of a session id.
pub fn storage_key(id: &Id) -> String {
    hex_digest(id.to_string().as_bytes())
}

fn hex_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn to_chrono(at: OffsetDateTime) -> DateTime<Utc> {
    DateTime::from_timestamp(at.unix_timestamp(), at.nanosecond())
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

fn backend(err: DbErr) -> Error {
    Error::Backend(err.to_string())
}

fn uuid_in(record: &Record, key: &str) -> Option<Uuid> {
    record
        .data
        .get(key)
        .and_then(|value| serde_json::from_value(value.clone()).ok())
}

fn to_row(record: &Record) -> Result<ActiveModel> {
    Ok(ActiveModel {
        id: Set(storage_key(&record.id)),
        data: Set(serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?),
        expires_at: Set(to_chrono(record.expiry_date)),
        person_id: Set(uuid_in(record, PERSON_KEY)),
        staff_id: Set(uuid_in(record, STAFF_KEY)),
    })
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // 128 random bits make a collision practically impossible; should one happen anyway,
        // draw a new id rather than overwrite somebody else's session.
        loop {
            match Sessions::insert(to_row(record)?).exec(&self.db).await {
                Ok(_) => return Ok(()),
                Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                    record.id = Id::default();
                }
                Err(err) => return Err(backend(err)),
            }
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let row = to_row(record)?;
        Sessions::update_many()
            .set(row)
            .filter(Column::Id.eq(storage_key(&record.id)))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> Result<Option<Record>> {
        let row = Sessions::find_by_id(storage_key(session_id))
            .filter(Column::ExpiresAt.gt(self.clock.now()))
            .one(&self.db)
            .await
            .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        let data = serde_json::from_str(&row.data).map_err(|e| Error::Decode(e.to_string()))?;
        let expiry_date = OffsetDateTime::from_unix_timestamp(row.expires_at.timestamp())
            .map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *session_id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, session_id: &Id) -> Result<()> {
        Sessions::delete_by_id(storage_key(session_id))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
