//! What the newsletter links do: resolve a token to its person, withdraw one topic (one-click),
//! change topics from the profile page, and mail a fresh profile link.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use crate::platform::newsletter_links::{LinkToken, Scope, verify};
use crate::auth::ssr::accounts::{MailRequest, mail_limits};
use crate::consents::model::Source;
use crate::consents::ssr::ledger::{Applied, Who, choose, current_topics};
use crate::consents::ssr::links::{Followed, revert};
use crate::domain::EmailAddress;
use crate::outbox::{
    kinds::MailKind,
    queue::{Mail, queue},
};
use crate::store::people;
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    db::begin_write,
    rate_limit::Verdict,
    request::RequestInfo,
};

/// A link's person, if the link is genuine and usable now.
pub async fn resolve(
    ctx: &AppContext,
    token: &str,
) -> Result<Option<(LinkToken, people::Model)>, DbErr> {
    let Some(link) = verify(ctx.keys.links(), token) else {
        return Ok(None);
    };
    let Some(person) = people::Entity::find_by_id(link.person_id)
        .one(&ctx.db)
        .await?
    else {
        return Ok(None);
    };
    if person.erased_at.is_some() {
        return Ok(None);
    }
    let now = ctx.clock.now();
    Ok(link
        .usable(
            now,
            ctx.policy.profile_link_lifetime,
            person.links_revoked_before,
        )
        .then_some((link, person)))
}

/// The profile page of a manage link: `None` when the link is unknown, expired or revoked
/// (the page then offers a fresh one).
pub async fn manage_link_person(
    ctx: &AppContext,
    token: &str,
) -> Result<Option<people::Model>, DbErr> {
    Ok(resolve(ctx, token)
        .await?
        .filter(|(link, _)| link.scope == Scope::Manage)
        .map(|(_, person)| person))
}

#[derive(Debug, PartialEq, Eq)]
pub enum Unsubscribed {
    /// The topic is withdrawn (now, or it already was).
    Done {
        person_id: Uuid,
        topic_title: String,
    },
    Invalid,
}

/// Withdraws the topic of an unsubscribe link. Repeating it changes nothing.
pub async fn unsubscribe(
    ctx: &AppContext,
    request: &RequestInfo,
    token: &str,
    source: Source,
) -> Result<Unsubscribed, DbErr> {
    let Some((link, person)) = resolve(ctx, token).await? else {
        return Ok(Unsubscribed::Invalid);
    };
    let Scope::Unsubscribe { topic } = link.scope else {
        return Ok(Unsubscribed::Invalid);
    };
    let topics = current_topics(&ctx.db).await?;
    let Some(title) = topics
        .iter()
        .find(|t| t.key == topic)
        .map(|t| t.title.clone())
    else {
        return Ok(Unsubscribed::Invalid);
    };
    let txn = begin_write(&ctx.db).await?;
    let who = Who {
        source,
        actor: Actor::Person(person.id),
        reason: None,
        request,
    };
    choose(ctx, &txn, person.id, &[(topic, false)], &who).await?;
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(Unsubscribed::Done {
        person_id: person.id,
        topic_title: title,
    })
}

/// Saves the profile page: the ticked topics on, the others off; or everything off.
pub async fn save_topics(
    ctx: &AppContext,
    request: &RequestInfo,
    person_id: Uuid,
    on: impl Fn(&str) -> bool + Send + Sync,
) -> Result<Applied, DbErr> {
    let txn = begin_write(&ctx.db).await?;
    let wanted: Vec<_> = current_topics(&txn)
        .await?
        .into_iter()
        .map(|t| {
            let v = on(&t.key);
            (t.key, v)
        })
        .collect();
    let who = Who {
        source: Source::ProfileLink,
        actor: Actor::Person(person_id),
        reason: None,
        request,
    };
    let applied = choose(ctx, &txn, person_id, &wanted, &who).await?;
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(applied)
}

/// Undoes a change made through the profile page; the manage link is the authority, and the
/// change must be its person's (see [`revert`]).
pub async fn undo(
    ctx: &AppContext,
    request: &RequestInfo,
    token: &str,
    change_id: Uuid,
) -> Result<Followed, DbErr> {
    let Some(person) = manage_link_person(ctx, token).await? else {
        return Ok(Followed::Invalid);
    };
    let txn = begin_write(&ctx.db).await?;
    let outcome = revert(
        ctx,
        &txn,
        &person,
        change_id,
        Source::ProfileLinkUndo,
        request,
    )
    .await?;
    if matches!(outcome, Followed::Done(_)) {
        txn.commit().await?;
        ctx.wake_outbox();
    } else {
        txn.rollback().await?;
    }
    Ok(outcome)
}

/// "E-mail me a fresh link": mails a new profile link to a known address; the answer is the
/// same either way.
pub async fn request_fresh_link(
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
    if let Some(person) = people::live_by_email(&txn, email).await? {
        let mail = Mail {
            kind: MailKind::ProfileLink,
            person_id: person.id,
            to: person.email.clone(),
            payload: json!({ "name": person.full_name, "valid_days": ctx.policy.profile_link_lifetime.num_days() }),
            idempotency_key: format!("profile_link:{}:{}", person.id, Uuid::new_v4()),
        };
        queue(&txn, mail, &ctx.public, now).await?;
    }
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(MailRequest::Accepted)
}

/// Ends every profile link of a person issued until now, on the record, in the caller's
/// transaction (the person from their page, staff with a reason, the sender API, and an
/// e-mail change). Unsubscribe links are never revoked: a withdrawal must always work.
pub async fn revoke_links(
    txn: &DatabaseTransaction,
    person_id: Uuid,
    actor: Actor,
    reason: Option<&str>,
    request: &RequestInfo,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use sea_orm::sea_query::Expr;
    people::Entity::update_many()
        .col_expr(people::Column::LinksRevokedBefore, Expr::value(now))
        .filter(people::Column::Id.eq(person_id))
        .exec(txn)
        .await?;
    let mut event = AuditEvent::new(actor, Some(person_id), "links.revoked");
    if let Some(reason) = reason {
        event = event.reason(reason);
    }
    event.record(txn, request, now).await
}

/// The person ends their profile links from the page one of them opened (a forwarded
/// newsletter, say). `false` when the link no longer works.
pub async fn revoke_by_link(
    ctx: &AppContext,
    request: &RequestInfo,
    token: &str,
) -> Result<bool, DbErr> {
    let Some(person) = manage_link_person(ctx, token).await? else {
        return Ok(false);
    };
    let txn = begin_write(&ctx.db).await?;
    let actor = Actor::Person(person.id);
    revoke_links(&txn, person.id, actor, None, request, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(true)
}
