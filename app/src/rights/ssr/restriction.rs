//! Restriction of processing (Art. 18, and objection under Art. 21): the person is kept but
//! frozen. The audience rule, partner disclosures and the outbox read `restricted_at`; the
//! consent states stay as they were, so lifting the restriction restores exactly the person's
//! own choices rather than guessing them back.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DbErr, EntityTrait, IntoActiveModel};
use serde_json::json;
use uuid::Uuid;

use super::requests::{self, Channel, NewRequest};
use crate::consents::ssr::feed;
use crate::outbox::{
    kinds::MailKind,
    queue::{Mail, queue},
};
use crate::store::people;
use crate::platform::{
    audit::AuditEvent, context::AppContext, db::begin_write, request::RequestInfo,
};
use crate::rights::RequestKind;

#[derive(Debug, PartialEq, Eq)]
pub enum Changed {
    Done,
    /// Already in the asked-for state: nothing written, nothing sent.
    Already,
    Missing,
}

/// Restricts processing: one transaction with the request record, the audit row and the
/// confirmation.
pub async fn restrict(
    ctx: &AppContext,
    request: &RequestInfo,
    person_id: Uuid,
    channel: Channel,
    reason: Option<&str>,
) -> Result<Changed, DbErr> {
    set(ctx, request, person_id, channel, reason, true).await
}

/// Lifts a restriction.
pub async fn lift(
    ctx: &AppContext,
    request: &RequestInfo,
    person_id: Uuid,
    channel: Channel,
    reason: Option<&str>,
) -> Result<Changed, DbErr> {
    set(ctx, request, person_id, channel, reason, false).await
}

/// Restricts (`restricted`) or lifts the restriction: what [`restrict`] and [`lift`] do, for a
/// caller that has the choice as a value.
pub async fn set(
    ctx: &AppContext,
    request: &RequestInfo,
    person_id: Uuid,
    channel: Channel,
    reason: Option<&str>,
    restricted: bool,
) -> Result<Changed, DbErr> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let Some(person) = people::Entity::find_by_id(person_id).one(&txn).await? else {
        return Ok(Changed::Missing);
    };
    if person.erased_at.is_some() {
        return Ok(Changed::Missing);
    }
    if person.restricted_at.is_some() == restricted {
        return Ok(Changed::Already);
    }
    let mut active = person.clone().into_active_model();
    active.restricted_at = Set(restricted.then_some(now));
    active.updated_at = Set(now);
    active.version = Set(person.version + 1);
    active.update(&txn).await?;
    if restricted {
        requests::record(
            ctx,
            &txn,
            request,
            NewRequest {
                person_id,
                kind: RequestKind::Restriction,
                channel,
                completed: Some(super::requests::OUTCOME_RESTRICTED),
                receipt: false,
                received_at: None,
            },
            now,
        )
        .await?;
    }
    let actor = channel.actor(person_id);
    let mut event = AuditEvent::new(
        actor,
        Some(person_id),
        if restricted {
            "rights.restricted"
        } else {
            "rights.restriction_lifted"
        },
    );
    if let Some(reason) = reason {
        event = event.reason(reason);
    }
    event.record(&txn, request, now).await?;
    feed::append(
        &txn,
        person_id,
        if restricted {
            feed::Event::Restricted
        } else {
            feed::Event::RestrictionLifted
        },
        now,
    )
    .await?;
    confirm(ctx, &txn, &person, restricted, now).await?;
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(Changed::Done)
}

async fn confirm(
    ctx: &AppContext,
    txn: &sea_orm::DatabaseTransaction,
    person: &people::Model,
    restricted: bool,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let (kind, at_key) = if restricted {
        (MailKind::RestrictionStarted, "restricted_at")
    } else {
        (MailKind::RestrictionLifted, "lifted_at")
    };
    let mail = Mail {
        kind,
        person_id: person.id,
        to: person.email.clone(),
        payload: json!({
            "name": person.full_name,
            at_key: now,
        }),
        idempotency_key: format!("{}:{}:{}", kind.as_str(), person.id, now.timestamp_micros()),
    };
    queue(txn, mail, &ctx.public, now).await?;
    Ok(())
}
