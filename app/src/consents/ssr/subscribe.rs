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
use crate::store::people;
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
                // Mail to them is written in the language they signed up in.
                language: Set(crate::i18n::code(crate::i18n::current_locale()).to_owned()),
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
/// with 30 days). Erased people and people with a rights request on record are evidence and
/// stay. What outlives the row (the outbox keeps its rows, the audit log its events) loses
/// its personal values first.
pub async fn delete_unconfirmed(
    db: &impl sea_orm::ConnectionTrait,
    before: chrono::DateTime<chrono::Utc>,
) -> Result<u64, DbErr> {
    use crate::store::outbox;
    use crate::store::audit_log as audit;
    use crate::store::rights_requests as requests;
    use sea_orm::{QuerySelect, QueryTrait, sea_query::Expr};

    let with_requests = requests::Entity::find()
        .select_only()
        .column(requests::Column::PersonId)
        .as_query()
        .to_owned();
    let ids: Vec<Uuid> = people::Entity::find()
        .select_only()
        .column(people::Column::Id)
        .filter(people::Column::EmailVerifiedAt.is_null())
        .filter(people::Column::ErasedAt.is_null())
        .filter(people::Column::CreatedAt.lt(before))
        .filter(people::Column::Id.not_in_subquery(with_requests))
        .into_tuple()
        .all(db)
        .await?;
    if ids.is_empty() {
        return Ok(0);
    }
    for chunk in ids.chunks(500) {
        outbox::Entity::update_many()
            .col_expr(
                outbox::Column::ToAddress,
                Expr::value(Option::<String>::None),
            )
            .col_expr(outbox::Column::Payload, Expr::value(Option::<String>::None))
            .filter(outbox::Column::PersonId.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
        audit::Entity::update_many()
            .col_expr(audit::Column::Ip, Expr::value(Option::<String>::None))
            .col_expr(
                audit::Column::UserAgent,
                Expr::value(Option::<String>::None),
            )
            .col_expr(audit::Column::Details, Expr::value(Option::<String>::None))
            .filter(audit::Column::PersonId.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
    }
    let mut deleted = 0;
    for chunk in ids.chunks(500) {
        deleted += people::Entity::delete_many()
            .filter(people::Column::Id.is_in(chunk.to_vec()))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(deleted)
}
