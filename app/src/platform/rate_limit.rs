//! Fixed-window rate limits with their counters in the database, so every instance counts the
//! same hits. A hit creates the row if missing, then updates count and window in place with
//! one statement, and reads the result back.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};

use crate::store::rate_limits as entity;

use entity::{Column, Entity as RateLimits};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub hits: i32,
    pub window: Duration,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Refused until the window ends.
    Limited {
        retry_after: Duration,
    },
}

impl Verdict {
    /// Whole minutes to wait, rounded up, at least one: what the person is told.
    pub fn minutes(self) -> i64 {
        match self {
            Verdict::Allowed => 0,
            Verdict::Limited { retry_after } => Ord::max((retry_after.num_seconds() + 59) / 60, 1),
        }
    }
}

/// Counts one hit against `key` and says whether it is within `limit`. The increment is a
/// single `UPDATE`, so concurrent hits from several instances are all counted.
pub async fn hit(
    db: &impl ConnectionTrait,
    key: &str,
    limit: Limit,
    now: DateTime<Utc>,
) -> Result<Verdict, DbErr> {
    RateLimits::insert(entity::ActiveModel {
        key: Set(key.to_owned()),
        window_start: Set(now),
        hits: Set(0),
    })
    .on_conflict_do_nothing_on([Column::Key])
    .exec(db)
    .await?;
    let window_began_before = now - limit.window;
    // A new window starts when the old one is over; otherwise the hit adds to it.
    RateLimits::update_many()
        .col_expr(
            Column::Hits,
            Expr::case(
                Expr::col(Column::WindowStart).lte(window_began_before),
                Expr::value(1),
            )
            .finally(Expr::col(Column::Hits).add(1))
            .into(),
        )
        .col_expr(
            Column::WindowStart,
            Expr::case(
                Expr::col(Column::WindowStart).lte(window_began_before),
                Expr::value(now),
            )
            .finally(Expr::col(Column::WindowStart))
            .into(),
        )
        .filter(Column::Key.eq(key))
        .exec(db)
        .await?;
    let row = RateLimits::find_by_id(key.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("rate limit {key}")))?;
    if row.hits <= limit.hits {
        Ok(Verdict::Allowed)
    } else {
        Ok(Verdict::Limited {
            retry_after: (row.window_start + limit.window) - now,
        })
    }
}

/// Reads without counting: whether `key` is over `limit` right now.
pub async fn is_limited(
    db: &impl ConnectionTrait,
    key: &str,
    limit: Limit,
    now: DateTime<Utc>,
) -> Result<Verdict, DbErr> {
    let row = RateLimits::find_by_id(key.to_owned()).one(db).await?;
    Ok(match row {
        Some(row) if row.window_start > now - limit.window && row.hits >= limit.hits => {
            Verdict::Limited {
                retry_after: (row.window_start + limit.window) - now,
            }
        }
        _ => Verdict::Allowed,
    })
}

/// Gives back one hit [`hit`] counted: an attempt is reserved before its expensive check (so a
/// burst of parallel attempts cannot all pass a limit read before any was counted), and
/// refunded when it succeeds.
pub async fn refund(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    RateLimits::update_many()
        .col_expr(Column::Hits, Expr::col(Column::Hits).sub(1))
        .filter(Column::Key.eq(key))
        .filter(Column::Hits.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets a key (after a successful sign-in, its failures no longer count).
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    RateLimits::delete_many()
        .filter(Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes counters whose window ended long ago.
pub async fn delete_stale(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(RateLimits::delete_many()
        .filter(Column::WindowStart.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}
