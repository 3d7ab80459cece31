//! The change feed: consent changes after a cursor (the ledger's sequence), in order. Pull it,
//! or let webhooks push it.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use uuid::Uuid;

use crate::consents::ssr::entities::ledger;
use crate::people::entity as people;

#[derive(Debug, Serialize)]
pub struct Change {
    pub seq: i64,
    pub person_id: Uuid,
    /// The person's address now (absent once erased).
    pub email: Option<String>,
    pub topic: String,
    pub state: String,
    pub source: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Serialize)]
pub struct Page {
    pub changes: Vec<Change>,
    /// Pass back as `since` for the next page; equal to the request's when nothing is new.
    pub next_cursor: i64,
}

/// The cursor of the newest change: a reader starting here gets only what happens next.
pub async fn end_of_feed(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    Ok(ledger::Entity::find()
        .order_by_desc(ledger::Column::Seq)
        .one(db)
        .await?
        .map(|e| e.seq)
        .unwrap_or(0))
}

pub async fn since(db: &impl ConnectionTrait, cursor: i64, limit: u64) -> Result<Page, DbErr> {
    let entries = ledger::Entity::find()
        .filter(ledger::Column::Seq.gt(cursor))
        .order_by_asc(ledger::Column::Seq)
        .limit(limit)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = entries.iter().map(|e| e.person_id).collect();
    let emails: std::collections::HashMap<Uuid, people::Model> = people::Entity::find()
        .filter(people::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let next_cursor = entries.last().map(|e| e.seq).unwrap_or(cursor);
    let changes = entries
        .into_iter()
        .map(|e| Change {
            seq: e.seq,
            person_id: e.person_id,
            email: emails
                .get(&e.person_id)
                .filter(|p| p.erased_at.is_none())
                .map(|p| p.email.clone()),
            topic: e.topic_key,
            state: e.state,
            source: e.source,
            at: e.occurred_at,
        })
        .collect();
    Ok(Page {
        changes,
        next_cursor,
    })
}
