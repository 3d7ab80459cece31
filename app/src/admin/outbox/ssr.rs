//! The outbox as staff see it: messages that failed, died or were withheld, newest first,
//! with kind, recipient, subject, status and attempts; never a body or a link (the outbox
//! keeps neither). A dead or failing message can be sent again. The recipient shows, and a
//! message can be sent again, only for people whose record this member has open (with a
//! reason, see `person::may_view`); otherwise the address is masked.

use sea_orm::{
    ActiveEnum, ActiveModelTrait, ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use crate::i18n::format::shown;
use crate::admin::outbox::ProblemMail;
use crate::store::outbox::{self as outbox, Status};
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    request::RequestInfo,
};

/// The most rows the view lists.
const SHOWN: u64 = 100;

pub async fn problems(ctx: &AppContext, staff_id: Uuid) -> Result<Vec<ProblemMail>, DbErr> {
    let rows = outbox::Entity::find()
        .filter(outbox::Column::Status.is_in([Status::Failed, Status::Dead, Status::Withheld]))
        .order_by_desc(outbox::Column::CreatedAt)
        .limit(SHOWN)
        .all(&ctx.db)
        .await?;
    let opened =
        crate::admin::person::ssr::opened_by(ctx, staff_id, rows.iter().filter_map(|m| m.person_id)).await?;
    Ok(rows
        .into_iter()
        .map(|m| ProblemMail {
            id: m.id.to_string(),
            recipient: match (m.person_id, m.to_address) {
                (Some(person), Some(address)) if opened.contains(&person) => address,
                (_, Some(address)) => crate::domain::EmailAddress::parse(&address)
                    .map(|a| a.masked())
                    .unwrap_or_default(),
                (_, None) => String::new(),
            },
            kind: m.kind,
            subject: m.subject,
            status: m.status.to_value(),
            attempts: m.attempts,
            error: m.last_error,
            queued: shown(m.created_at),
            retryable: m.status == Status::Dead || m.status == Status::Failed,
        })
        .collect())
}

#[derive(Debug, PartialEq, Eq)]
pub enum Retried {
    Done,
    /// Sent, pending, withheld (restricted or erased), or unknown: nothing to retry.
    NotRetryable,
    /// The member does not have the person's record open.
    RecordClosed,
}

/// Puts a dead or failing message back in the queue with a fresh count of attempts.
pub async fn retry(
    ctx: &AppContext,
    request: &RequestInfo,
    staff_id: Uuid,
    id: Uuid,
) -> Result<Retried, DbErr> {
    let now = ctx.clock.now();
    let txn = crate::platform::db::begin_write(&ctx.db).await?;
    let Some(row) = outbox::Entity::find_by_id(id).one(&txn).await? else {
        return Ok(Retried::NotRetryable);
    };
    if row.status != Status::Dead && row.status != Status::Failed {
        return Ok(Retried::NotRetryable);
    }
    if let Some(person) = row.person_id
        && !crate::admin::person::ssr::may_view(ctx, staff_id, person).await?
    {
        return Ok(Retried::RecordClosed);
    }
    let person_id = row.person_id;
    let kind = row.kind.clone();
    let mut active = row.into_active_model();
    active.status = Set(Status::Pending);
    active.attempts = Set(0);
    active.next_attempt_at = Set(now);
    active.locked_until = Set(None);
    active.update(&txn).await?;
    AuditEvent::new(Actor::Staff(staff_id), person_id, "staff.retried_mail")
        .details(json!({ "outbox": id, "kind": kind }))
        .record(&txn, request, now)
        .await?;
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(Retried::Done)
}
