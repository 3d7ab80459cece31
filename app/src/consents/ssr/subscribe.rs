//! The public "subscribe to the newsletter" form, for people without an account. It creates a
//! recipient (unconfirmed) with a pending newsletter consent and sends the confirmation. The
//! answer is the same whether or not the address is known; an address that never confirms is
//! deleted after 30 days by the retention job.

use sea_orm::{ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::ledger::{Who, choose};
use crate::auth::ssr::accounts::{MailRequest, mail_limits};
use crate::consents::model::Source;
use crate::domain::EmailAddress;
use crate::people::entity as people;
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    db::begin_write,
    rate_limit::Verdict,
    request::RequestInfo,
};

pub const NEWSLETTER: &str = "newsletter";

pub async fn subscribe(
    ctx: &AppContext,
    request: &RequestInfo,
    email: &EmailAddress,
) -> Result<MailRequest, DbErr> {
    let verdict = mail_limits(ctx, request, email).await?;
    if verdict != Verdict::Allowed {
        return Ok(MailRequest::Limited(verdict));
    }
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let existing = people::Entity::find()
        .filter(people::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?;
    let person_id = match existing {
        Some(person) => person.id,
        None => {
            let id = Uuid::now_v7();
            people::Entity::insert(people::ActiveModel {
                id: Set(id),
                email: Set(email.as_str().to_owned()),
                email_verified_at: Set(None),
                full_name: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
            AuditEvent::new(Actor::Anonymous, Some(id), "person.subscribed")
                .details(serde_json::json!({ "email": email.as_str() }))
                .record(&txn, request, now)
                .await?;
            id
        }
    };
    let who = Who {
        source: Source::SubscribeForm,
        actor: Actor::Anonymous,
        reason: None,
        request,
    };
    choose(ctx, &txn, person_id, &[(NEWSLETTER.to_owned(), true)], &who).await?;
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(MailRequest::Accepted)
}

/// Deletes people whose address was never confirmed and who were created before `before`:
/// sign-ups never finished and subscriptions never confirmed (the retention purge calls it
/// with 30 days). Erased people are evidence and stay.
pub async fn delete_unconfirmed(
    db: &impl sea_orm::ConnectionTrait,
    before: chrono::DateTime<chrono::Utc>,
) -> Result<u64, DbErr> {
    Ok(people::Entity::delete_many()
        .filter(people::Column::EmailVerifiedAt.is_null())
        .filter(people::Column::ErasedAt.is_null())
        .filter(people::Column::CreatedAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}
