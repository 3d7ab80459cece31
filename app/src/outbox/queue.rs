//! Queuing a message: one row, written with the caller's transaction.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

use super::kinds::MailKind;
use crate::i18n::{Locale, code, negotiate};
use crate::platform::context::PublicFacts;
use crate::store::{outbox as entity, people};

/// A message to send. `payload` holds the template variables particular to this message
/// (never a live token: links are minted when the message is rendered for sending).
pub struct Mail {
    pub kind: MailKind,
    pub person_id: Uuid,
    pub to: String,
    pub payload: serde_json::Value,
    /// Names the event this message is for; the same key twice queues one message.
    pub idempotency_key: String,
}

/// Inserts the message into the outbox, in the recipient's language (their saved language if
/// the product has it, else the organisation's default), kept on the row so a later change of
/// language does not change a message already written. Returns false when a message with
/// this idempotency key exists already (the event was queued before).
pub async fn queue(
    db: &impl ConnectionTrait,
    mail: Mail,
    public: &PublicFacts,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    queue_at(db, mail, public, now, now).await
}

/// The language mail to `person` is written in.
pub async fn recipient_locale(
    db: &impl ConnectionTrait,
    person: Uuid,
    default: Locale,
) -> Result<Locale, DbErr> {
    use sea_orm::QuerySelect;
    let language: Option<String> = people::Entity::find_by_id(person)
        .select_only()
        .column(people::Column::Language)
        .into_tuple()
        .one(db)
        .await?;
    Ok(language.as_deref().and_then(negotiate::from_code).unwrap_or(default))
}

/// Like [`queue`], but not sent before `send_at` (bulk notices are spread out this way, so
/// one announcement cannot flood the mail server).
pub async fn queue_at(
    db: &impl ConnectionTrait,
    mail: Mail,
    public: &PublicFacts,
    now: DateTime<Utc>,
    send_at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let id = Uuid::now_v7();
    let locale = recipient_locale(db, mail.person_id, public.default_language).await?;
    let message_domain = public.message_domain();
    let inserted = entity::Entity::insert(entity::ActiveModel {
        id: Set(id),
        idempotency_key: Set(mail.idempotency_key),
        kind: Set(mail.kind.as_str().to_owned()),
        person_id: Set(Some(mail.person_id)),
        to_address: Set(Some(mail.to)),
        payload: Set(Some(mail.payload.to_string())),
        subject: Set(None),
        status: Set(entity::Status::Pending),
        attempts: Set(0),
        next_attempt_at: Set(send_at),
        locked_until: Set(None),
        claim: Set(None),
        last_error: Set(None),
        message_id: Set(format!("<{id}@{message_domain}>")),
        created_at: Set(now),
        sent_at: Set(None),
        locale: Set(code(locale).to_owned()),
    })
    .on_conflict_do_nothing_on([entity::Column::IdempotencyKey])
    .exec(db)
    .await?;
    Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(_)))
}
