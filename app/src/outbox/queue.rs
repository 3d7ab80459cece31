//! Queuing a message: one row, written with the caller's transaction.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

use super::kinds::MailKind;
use crate::store::outbox as entity;

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

/// Inserts the message into the outbox. Returns false when a message with this idempotency
/// key exists already (the event was queued before).
pub async fn queue(
    db: &impl ConnectionTrait,
    mail: Mail,
    message_domain: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    queue_at(db, mail, message_domain, now, now).await
}

/// Like [`queue`], but not sent before `send_at` (bulk notices are spread out this way, so
/// one announcement cannot flood the mail server).
pub async fn queue_at(
    db: &impl ConnectionTrait,
    mail: Mail,
    message_domain: &str,
    now: DateTime<Utc>,
    send_at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let id = Uuid::now_v7();
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
    })
    .on_conflict_do_nothing_on([entity::Column::IdempotencyKey])
    .exec(db)
    .await?;
    Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(_)))
}
