//! The rights-request queue: open requests by due date, overdue ones first, and working one
//! (complete, extend with a reason the person is e-mailed, or reject with a reason). Staff
//! also record requests people make by letter, phone or e-mail; those start open, with a
//! receipt to the person.

use chrono::Duration;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::platform::audit::Acting;
use crate::i18n::format::shown;
use crate::admin::requests::QueueLine;
use crate::admin::requests::RequestWork;
use crate::store::people;
use crate::platform::{context::AppContext, db::begin_write, request::RequestInfo};
use crate::rights::{
    RequestKind,
    ssr::requests::{self, Channel, Extended, NewRequest},
};
use crate::store::rights_requests as entity;

/// What staff decide for an open request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Complete,
    Extend,
    Reject,
}

impl Decision {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "complete" => Some(Self::Complete),
            "extend" => Some(Self::Extend),
            "reject" => Some(Self::Reject),
            _ => None,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Decided {
    Done,
    /// Not open any more, or (for an extension) extended before or past its first month.
    NotPossible,
    TextMissing,
    /// The member does not have the person's record open.
    RecordClosed,
}

/// Open requests, soonest due first, as `staff_id` may see them: who made a request shows
/// only for records this member has open (see `person::may_view`).
pub async fn open(ctx: &AppContext, staff_id: Uuid) -> Result<Vec<QueueLine>, DbErr> {
    open_due_by(ctx, staff_id, None).await
}

/// Open requests due within the next week (overdue ones included).
pub async fn due_this_week(ctx: &AppContext, staff_id: Uuid) -> Result<Vec<QueueLine>, DbErr> {
    open_due_by(ctx, staff_id, Some(ctx.clock.now() + Duration::days(7))).await
}

/// Open requests due by `until` (all when `None`), soonest due first.
async fn open_due_by(
    ctx: &AppContext,
    staff_id: Uuid,
    until: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<Vec<QueueLine>, DbErr> {
    let mut query = entity::Entity::find().filter(entity::Column::Status.eq(entity::Status::Open));
    if let Some(until) = until {
        query = query.filter(entity::Column::DueAt.lte(until));
    }
    let rows = query
        .order_by_asc(entity::Column::DueAt)
        .all(&ctx.db)
        .await?;
    // One query for the open records and one for their names, not one per request.
    let opened = crate::admin::person::ssr::opened_by(ctx, staff_id, rows.iter().map(|r| r.person_id)).await?;
    let names: std::collections::HashMap<Uuid, String> = people::Entity::find()
        .filter(people::Column::Id.is_in(opened.iter().copied()))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.full_name.unwrap_or(p.email)))
        .collect();
    let now = ctx.clock.now();
    Ok(rows
        .into_iter()
        .map(|row| {
            let name = names.get(&row.person_id).cloned();
            line(row, name, now)
        })
        .collect())
}

fn line(row: entity::Model, name: Option<String>, now: chrono::DateTime<chrono::Utc>) -> QueueLine {
    QueueLine {
        id: row.id.to_string(),
        person_id: row.person_id.to_string(),
        person: name,
        kind: row.kind.label(crate::i18n::current_locale()).to_owned(),
        received: shown(row.received_at),
        due: shown(row.due_at),
        overdue: row.due_at < now,
        extended: row.extension_reason.is_some(),
        extendable: row.extension_reason.is_none() && now <= row.due_at,
    }
}

/// One open request's page, for a staff member.
pub enum Work {
    Open(RequestWork),
    /// The member must open the person's record (with a reason) first.
    RecordClosed {
        person_id: Uuid,
    },
    /// Unknown, or no longer open.
    Gone,
}

/// One open request, for its page: only for a member who has the person's record open.
pub async fn work(ctx: &AppContext, staff_id: Uuid, id: Uuid) -> Result<Work, DbErr> {
    let Some(row) = entity::Entity::find_by_id(id).one(&ctx.db).await? else {
        return Ok(Work::Gone);
    };
    if row.status != entity::Status::Open {
        return Ok(Work::Gone);
    }
    if !crate::admin::person::ssr::may_view(ctx, staff_id, row.person_id).await? {
        return Ok(Work::RecordClosed {
            person_id: row.person_id,
        });
    }
    let name = people::Entity::find_by_id(row.person_id)
        .one(&ctx.db)
        .await?
        .map(|p| p.full_name.unwrap_or(p.email));
    let extension_reason = row.extension_reason.clone();
    Ok(Work::Open(RequestWork {
        line: line(row, name, ctx.clock.now()),
        extension_reason,
    }))
}

/// Completes, extends or rejects an open request, in one transaction with its audit row and
/// (for an extension) the e-mail telling the person why.
pub async fn decide(
    ctx: &AppContext,
    request: &RequestInfo,
    staff_id: Uuid,
    id: Uuid,
    decision: Decision,
    text: &str,
) -> Result<Decided, DbErr> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > crate::admin::act::ssr::REASON_MAX {
        return Ok(Decided::TextMissing);
    }
    let person = entity::Entity::find_by_id(id)
        .one(&ctx.db)
        .await?
        .map(|row| row.person_id);
    match person {
        None => return Ok(Decided::NotPossible),
        Some(person) if !crate::admin::person::ssr::may_view(ctx, staff_id, person).await? => {
            return Ok(Decided::RecordClosed);
        }
        Some(_) => {}
    }
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let decided = match decision {
        Decision::Extend => {
            match requests::extend(ctx, &txn, request, id, text, staff_id, now).await? {
                Extended::Done(_) => Decided::Done,
                Extended::ReasonMissing => Decided::TextMissing,
                Extended::NotPossible | Extended::Missing => Decided::NotPossible,
            }
        }
        Decision::Complete | Decision::Reject => {
            let status = if decision == Decision::Complete {
                entity::Status::Completed
            } else {
                entity::Status::Rejected
            };
            match requests::close(ctx, &txn, request, id, status, text, staff_id, now).await? {
                Some(_) => Decided::Done,
                None => Decided::NotPossible,
            }
        }
    };
    if decided == Decided::Done {
        txn.commit().await?;
        ctx.wake_outbox();
    }
    Ok(decided)
}

/// How far back staff may date a request's receipt: past this, every deadline has gone.
pub const RECEIVED_WITHIN_DAYS: i64 = 90;

/// Records a request someone made by letter, phone or e-mail: open, due a month after it
/// was `received` (today when `None`), with a receipt e-mailed to the person. The staff
/// member's reason says how it came in.
pub async fn record(
    ctx: &AppContext,
    acting: &Acting<'_>,
    kind: RequestKind,
    received: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<bool, DbErr> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    if people::live(&txn, acting.person_id).await?.is_none() {
        return Ok(false);
    }
    let made = requests::record(
        ctx,
        &txn,
        acting.request,
        NewRequest {
            person_id: acting.person_id,
            kind,
            channel: Channel::Staff(acting.staff_id),
            completed: None,
            receipt: true,
            received_at: received,
        },
        now,
    )
    .await?;
    crate::platform::audit::AuditEvent::new(
        crate::platform::audit::Actor::Staff(acting.staff_id),
        Some(acting.person_id),
        "staff.request_recorded",
    )
    .reason(acting.reason)
    .details(serde_json::json!({ "request": made.id, "kind": kind.as_str() }))
    .record(&txn, acting.request, now)
    .await?;
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(true)
}
