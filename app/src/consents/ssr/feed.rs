//! The change feed: every event that changes whom a sender may mail, in commit order.
//!
//! Writers `append` an event in their own transaction, with no position. Positions are handed
//! out by `place`, one placing at a time (under an advisory lock on PostgreSQL; SQLite has
//! one writer anyway), to the rows that have committed, in the order they were written. A
//! placing that commits makes its whole run of positions visible at once, after every run
//! before it, so a reader that has seen position N has seen every position below N. Paging
//! by the ledger's `seq` instead lost changes: a transaction takes its number when it writes,
//! and PostgreSQL commits out of that order.
//!
//! Readers place before they read (`after`, `end`), so nothing waits for a timer. Events of one
//! person keep their order: each writer holds the person's row lock, so a later event of that
//! person is written after an earlier one committed.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement, TransactionTrait,
    prelude::Expr, sea_query::Func,
};
use uuid::Uuid;

use crate::consents::model::{ConsentState, Source};
use crate::platform::db::begin_write;

use crate::store::change_feed::{self as entity, FeedKind};

/// What happened to a person, as a sender needs to know it.
#[derive(Clone, Copy, Debug)]
pub enum Event<'a> {
    Consent {
        topic: &'a str,
        state: ConsentState,
        source: Source,
    },
    Restricted,
    RestrictionLifted,
    /// The address is gone; senders match it by the keyed hash the suppression list uses
    /// (hash and key version; none when the address held was not a valid one).
    Erased {
        address: Option<(&'a str, i32)>,
    },
    Bounced,
    Complained,
}

impl Event<'_> {
    fn kind(&self) -> FeedKind {
        match self {
            Self::Consent { .. } => FeedKind::Consent,
            Self::Restricted => FeedKind::Restricted,
            Self::RestrictionLifted => FeedKind::RestrictionLifted,
            Self::Erased { .. } => FeedKind::Erased,
            Self::Bounced => FeedKind::Bounced,
            Self::Complained => FeedKind::Complained,
        }
    }
}

/// Adds an event to the feed in the writer's transaction.
pub async fn append(
    txn: &impl ConnectionTrait,
    person_id: Uuid,
    event: Event<'_>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use sea_orm::ActiveValue::Set;
    let mut row = entity::ActiveModel {
        person_id: Set(person_id),
        kind: Set(event.kind()),
        occurred_at: Set(now),
        ..Default::default()
    };
    match event {
        Event::Consent {
            topic,
            state,
            source,
        } => {
            row.topic_key = Set(Some(topic.to_owned()));
            row.state = Set(Some(state));
            row.source = Set(Some(source));
        }
        Event::Erased { address } => {
            row.email_hash = Set(address.map(|(hash, _)| hash.to_owned()));
            row.key_version = Set(address.map(|(_, version)| version));
        }
        Event::Restricted | Event::RestrictionLifted | Event::Bounced | Event::Complained => {}
    }
    entity::Entity::insert(row).exec(txn).await?;
    Ok(())
}

/// The PostgreSQL advisory lock placings take turns under ("pc-feed\0" in ASCII).
const PLACING_LOCK: i64 = 0x7063_2d66_6565_6400;

/// How many rows one placing positions; the next read places the rest.
const PLACING_BATCH: u64 = 10_000;

/// Gives the committed rows that have none a position, in write order, after every position
/// handed out so far; returns how many it placed.
pub async fn place(db: &DatabaseConnection) -> Result<u64, DbErr> {
    let waiting = entity::Entity::find()
        .select_only()
        .column(entity::Column::Id)
        .filter(entity::Column::Position.is_null())
        .limit(1)
        .into_tuple::<i64>()
        .one(db)
        .await?;
    if waiting.is_none() {
        // Most reads: nothing to place, and no write lock taken.
        return Ok(0);
    }
    let backend = db.get_database_backend();
    let txn = match backend {
        DbBackend::Sqlite => begin_write(db).await?,
        _ => db.begin().await?,
    };
    if backend == DbBackend::Postgres {
        // Held to commit: the next placing starts only once this one's rows are visible, so
        // it reads their positions and its own come after them.
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "SELECT pg_advisory_xact_lock($1)",
            [PLACING_LOCK.into()],
        ))
        .await?;
    }
    let placed = txn
        .execute_raw(Statement::from_string(
            backend,
            format!(
                "UPDATE change_feed SET position = placed.position \
                 FROM (SELECT id, (SELECT COALESCE(MAX(position), 0) FROM change_feed) \
                         + ROW_NUMBER() OVER (ORDER BY id) AS position \
                       FROM change_feed WHERE position IS NULL ORDER BY id LIMIT {PLACING_BATCH}) AS placed \
                 WHERE change_feed.id = placed.id"
            ),
        ))
        .await?
        .rows_affected();
    txn.commit().await?;
    Ok(placed)
}

/// Placed events after `cursor`, in order, at most `limit`.
pub async fn after(
    db: &DatabaseConnection,
    cursor: i64,
    limit: u64,
) -> Result<Vec<entity::Model>, DbErr> {
    place(db).await?;
    entity::Entity::find()
        .filter(entity::Column::Position.gt(cursor))
        .order_by_asc(entity::Column::Position)
        .limit(limit)
        .all(db)
        .await
}

/// The position of the newest event: a reader starting here gets only what happens next.
pub async fn end(db: &DatabaseConnection) -> Result<i64, DbErr> {
    place(db).await?;
    let newest = entity::Entity::find()
        .select_only()
        .expr(Func::max(Expr::col(entity::Column::Position)))
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?;
    Ok(newest.flatten().unwrap_or(0))
}

/// How many events a reader at `cursor` has still to read.
pub async fn waiting(db: &DatabaseConnection, cursor: i64) -> Result<u64, DbErr> {
    place(db).await?;
    entity::Entity::find()
        .filter(entity::Column::Position.gt(cursor))
        .count(db)
        .await
}
