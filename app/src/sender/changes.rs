//! The change feed as senders read it: every event after a cursor, in commit order (see
//! `consents::ssr::feed`). Pull it, or let webhooks push it.

use sea_orm::{ActiveEnum, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use serde::Serialize;
use uuid::Uuid;

use crate::consents::ssr::feed;
use crate::store::people;

#[derive(Debug, Serialize)]
pub struct Change {
    /// The feed position; pass the last one seen back as `since`.
    pub seq: i64,
    /// `consent`, `restricted`, `restriction_lifted`, `erased`, `bounced` or `complained`.
    pub kind: String,
    pub person_id: Uuid,
    /// The person's address now (absent once erased).
    pub email: Option<String>,
    /// For `consent`: the topic, its new state and where the change came from.
    pub topic: Option<String>,
    pub state: Option<String>,
    pub source: Option<String>,
    /// For `erased`: the keyed hash of the address, as on the suppression list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_version: Option<i32>,
    pub at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Serialize)]
pub struct Page {
    pub changes: Vec<Change>,
    /// Pass back as `since` for the next page; equal to the request's when nothing is new.
    pub next_cursor: i64,
}

pub async fn since(db: &DatabaseConnection, cursor: i64, limit: u64) -> Result<Page, DbErr> {
    let events = feed::after(db, cursor, limit).await?;
    let mut ids: Vec<Uuid> = events.iter().map(|e| e.person_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let emails: std::collections::HashMap<Uuid, String> = people::Entity::find()
        .filter(people::Column::Id.is_in(ids))
        .filter(people::Column::ErasedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.email))
        .collect();
    let next_cursor = events.last().and_then(|e| e.position).unwrap_or(cursor);
    let changes = events
        .into_iter()
        .map(|e| Change {
            seq: e.position.unwrap_or_default(),
            kind: e.kind.to_value(),
            person_id: e.person_id,
            email: emails.get(&e.person_id).cloned(),
            topic: e.topic_key,
            state: e.state.map(|s| s.as_str().to_owned()),
            source: e.source.map(|s| s.as_str().to_owned()),
            email_hash: e.email_hash,
            key_version: e.key_version,
            at: e.occurred_at,
        })
        .collect();
    Ok(Page {
        changes,
        next_cursor,
    })
}
