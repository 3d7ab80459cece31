//! Rights requests as evidence: received when, due when (one month, extendable once by two
//! with a reason the person is told), and how they ended. A request the person serves
//! themselves is recorded already completed; the record is the proof it happened.

use chrono::{DateTime, Months, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use crate::outbox::{
    kinds::MailKind,
    queue::{Mail, queue},
};
use crate::store::people;
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    request::RequestInfo,
};
use crate::rights::RequestKind;

use crate::store::rights_requests as entity;

/// Art. 12(3): one month from receipt; two more at most, with reasons.
pub const ANSWER_WITHIN: Months = Months::new(1);
pub const EXTENSION: Months = Months::new(2);

pub fn due(received: DateTime<Utc>) -> DateTime<Utc> {
    received + ANSWER_WITHIN
}

/// Who made the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// The person, in the UI.
    Person,
    /// Staff on the person's behalf.
    Staff(Uuid),
}

impl Channel {
    /// Who the audit log names for an action on `person_id`'s data through this channel.
    pub fn actor(self, person_id: Uuid) -> Actor {
        match self {
            Self::Person => Actor::Person(person_id),
            Self::Staff(staff) => Actor::Staff(staff),
        }
    }
}

/// The outcome the product itself records when a request is served at once: a code, kept in
/// the same column as the outcome staff write, and put into words for each reader by
/// [`outcome_words`]. (They were English prose before; the stored words are the codes now, so
/// rows written before read the same.)
pub const OUTCOME_RESTRICTED: &str = "processing restricted";
pub const OUTCOME_ERASED: &str = "personal data erased";

/// A stored outcome as `locale` reads it: the product's own outcomes in words of that
/// language, what staff wrote as they wrote it.
pub fn outcome_words(stored: &str, locale: crate::i18n::Locale) -> String {
    use crate::i18n::tr;
    match stored {
        OUTCOME_RESTRICTED => tr!(locale, common.outcome_restricted).to_owned(),
        OUTCOME_ERASED => tr!(locale, common.outcome_erased).to_owned(),
        written => written.to_owned(),
    }
}

pub struct NewRequest<'a> {
    pub person_id: Uuid,
    pub kind: RequestKind,
    pub channel: Channel,
    /// `Some` when it was served at once (self-service): how.
    pub completed: Option<&'a str>,
    /// Send the receipt by e-mail. Restriction and erasure send their own confirmation
    /// instead, so the person gets one message per action.
    pub receipt: bool,
    /// When it reached us, if before it was recorded (a letter staff record days later); the
    /// month to answer runs from then.
    pub received_at: Option<DateTime<Utc>>,
}

/// Records a request (and its receipt) in the caller's transaction.
pub async fn record(
    ctx: &AppContext,
    db: &impl ConnectionTrait,
    request: &RequestInfo,
    new: NewRequest<'_>,
    now: DateTime<Utc>,
) -> Result<entity::Model, DbErr> {
    let actor = new.channel.actor(new.person_id);
    let (channel, staff_id) = match new.channel {
        Channel::Person => ("self", None),
        Channel::Staff(staff) => ("staff", Some(staff)),
    };
    let received = new.received_at.map_or(now, |at| at.min(now));
    let model = entity::ActiveModel {
        id: Set(Uuid::now_v7()),
        person_id: Set(new.person_id),
        kind: Set(new.kind),
        channel: Set(channel.to_owned()),
        staff_id: Set(staff_id),
        received_at: Set(received),
        due_at: Set(due(received)),
        extension_reason: Set(None),
        status: Set(if new.completed.is_some() {
            entity::Status::Completed
        } else {
            entity::Status::Open
        }),
        closed_at: Set(new.completed.map(|_| now)),
        outcome: Set(new.completed.map(str::to_owned)),
    }
    .insert(db)
    .await?;
    AuditEvent::new(actor, Some(new.person_id), "rights.request_received")
        .details(json!({ "request": model.id, "kind": model.kind.as_str(), "status": model.status.as_str() }))
        .record(db, request, now)
        .await?;
    if new.receipt {
        receipt(ctx, db, &model, MailKind::RequestReceived, now).await?;
    }
    Ok(model)
}

#[derive(Debug, PartialEq, Eq)]
pub enum Extended {
    Done(Box<entity::Model>),
    /// Already extended once, no longer open, or past its first month (an extension must be
    /// given within it).
    NotPossible,
    /// The person must be told why; an empty reason tells them nothing.
    ReasonMissing,
    Missing,
}

/// Gives the request two more months, once, and tells the person why. Takes the caller's
/// transaction: the change, its audit row and the mail commit together.
pub async fn extend(
    ctx: &AppContext,
    db: &sea_orm::DatabaseTransaction,
    request: &RequestInfo,
    id: Uuid,
    reason: &str,
    staff: Uuid,
    now: DateTime<Utc>,
) -> Result<Extended, DbErr> {
    let Some(found) = entity::Entity::find_by_id(id).one(db).await? else {
        return Ok(Extended::Missing);
    };
    if found.status != entity::Status::Open || found.extension_reason.is_some() || now > found.due_at {
        return Ok(Extended::NotPossible);
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Ok(Extended::ReasonMissing);
    }
    let mut active = found.clone().into_active_model();
    active.due_at = Set(found.received_at + ANSWER_WITHIN + EXTENSION);
    active.extension_reason = Set(Some(reason.to_owned()));
    let updated = active.update(db).await?;
    AuditEvent::new(
        Actor::Staff(staff),
        Some(found.person_id),
        "rights.request_extended",
    )
    .reason(reason)
    .details(json!({ "request": id, "due_at": updated.due_at }))
    .record(db, request, now)
    .await?;
    receipt(ctx, db, &updated, MailKind::RequestExtended, now).await?;
    Ok(Extended::Done(Box::new(updated)))
}

/// Closes an open request as completed or rejected, with what was done or why not, in the
/// caller's transaction, and tells the person (for a refusal: why, and that they may
/// complain to the supervisory authority; Art. 12(4)).
#[allow(clippy::too_many_arguments)]
pub async fn close(
    ctx: &AppContext,
    db: &sea_orm::DatabaseTransaction,
    request: &RequestInfo,
    id: Uuid,
    status: entity::Status,
    outcome: &str,
    staff: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<entity::Model>, DbErr> {
    let Some(found) = entity::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    if found.status != entity::Status::Open {
        return Ok(None);
    }
    let person_id = found.person_id;
    let mut active = found.into_active_model();
    active.status = Set(status);
    active.closed_at = Set(Some(now));
    active.outcome = Set(Some(outcome.to_owned()));
    let updated = active.update(db).await?;
    AuditEvent::new(
        Actor::Staff(staff),
        Some(person_id),
        "rights.request_closed",
    )
    .reason(outcome)
    .details(json!({ "request": id, "status": status.as_str() }))
    .record(db, request, now)
    .await?;
    receipt(ctx, db, &updated, MailKind::RequestAnswered, now).await?;
    Ok(Some(updated))
}

/// A person's requests, newest first.
pub async fn of_person(
    db: &impl ConnectionTrait,
    person_id: Uuid,
) -> Result<Vec<entity::Model>, DbErr> {
    entity::Entity::find()
        .filter(entity::Column::PersonId.eq(person_id))
        .order_by_desc(entity::Column::ReceivedAt)
        .all(db)
        .await
}

async fn receipt(
    ctx: &AppContext,
    db: &impl ConnectionTrait,
    model: &entity::Model,
    kind: MailKind,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(person) = people::Entity::find_by_id(model.person_id).one(db).await? else {
        return Ok(());
    };
    if person.erased_at.is_some() {
        return Ok(());
    }
    let mail = Mail {
        kind,
        person_id: person.id,
        to: person.email,
        payload: json!({
            "name": person.full_name,
            "request_kind": model.kind.as_str(),
            "received_at": model.received_at,
            "due_on": model.due_at,
            "completed": model.status == entity::Status::Completed,
            "rejected": model.status == entity::Status::Rejected,
            "outcome": model.outcome,
            "reason": model.extension_reason,
        }),
        idempotency_key: format!("{}:{}", kind.as_str(), model.id),
    };
    queue(db, mail, &ctx.public, now).await?;
    Ok(())
}

#[cfg(test)]
mod outcome_tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn the_products_own_outcomes_are_words_of_the_reader_and_staffs_stay_as_written() {
        assert_eq!(outcome_words(OUTCOME_RESTRICTED, Locale::da), "behandlingen er begrænset");
        assert_eq!(outcome_words(OUTCOME_ERASED, Locale::en), "personal data erased");
        assert_eq!(outcome_words("Sent by post on 3 May", Locale::da), "Sent by post on 3 May");
    }
}
