//! The public "subscribe to the newsletter" form, for people without an account. It creates a
//! recipient (unconfirmed) with a pending newsletter consent and sends the confirmation. The
//! answer is the same whether or not the address is known; an address that never confirms is
//! deleted after 30 days by the retention job.

use async_trait::async_trait;
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
    jobs::Job,
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

/// Deletes people whose address was never confirmed within 30 days: sign-ups that were never
/// finished and subscriptions that were never confirmed.
pub struct UnconfirmedPurge;

#[async_trait]
impl Job for UnconfirmedPurge {
    fn name(&self) -> &'static str {
        "unconfirmed-purge"
    }

    fn every(&self) -> chrono::Duration {
        chrono::Duration::hours(6)
    }

    async fn run(&self, ctx: &AppContext) -> anyhow::Result<String> {
        let now = ctx.clock.now();
        let txn = begin_write(&ctx.db).await?;
        let deleted = people::Entity::delete_many()
            .filter(people::Column::EmailVerifiedAt.is_null())
            .filter(people::Column::CreatedAt.lt(now - chrono::Duration::days(30)))
            .exec(&txn)
            .await?
            .rows_affected;
        if deleted > 0 {
            AuditEvent::new(Actor::System, None, "retention.unconfirmed_purged")
                .details(serde_json::json!({ "people": deleted }))
                .record(&txn, &RequestInfo::default(), now)
                .await?;
        }
        txn.commit().await?;
        Ok(format!("{deleted} unconfirmed people deleted"))
    }
}
