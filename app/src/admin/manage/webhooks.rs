//! Webhooks as admins manage them: listed with their state and lag, paused, resumed,
//! deleted, and given a new secret (shown once). Every change is on the audit log.

use sea_orm::DbErr;
use serde_json::json;
use uuid::Uuid;

use crate::i18n::format::shown;
use crate::admin::manage::WebhookLine;
use crate::admin::manage::WebhookOp;
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    db::begin_write,
    request::RequestInfo,
};
use crate::sender::webhooks;

pub async fn lines(ctx: &AppContext) -> Result<Vec<WebhookLine>, DbErr> {
    let mut lines = Vec::new();
    for hook in webhooks::list(&ctx.db).await? {
        lines.push(WebhookLine {
            id: hook.id.to_string(),
            url: hook.url.clone(),
            created: shown(hook.created_at),
            paused: hook.disabled_at.is_some(),
            needs_secret: !webhooks::has_secret(&hook),
            // Its lag behind the feed.
            waiting: crate::consents::ssr::feed::waiting(&ctx.db, hook.cursor).await?,
            failures: hook.failures,
            last_error: hook.last_error,
        });
    }
    Ok(lines)
}

/// What an admin's action on a webhook did.
#[derive(Debug, PartialEq, Eq)]
pub enum Done {
    Changed,
    /// The new secret, shown once.
    Rotated(String),
    Missing,
}

pub async fn act(
    ctx: &AppContext,
    request: &RequestInfo,
    admin: Uuid,
    id: Uuid,
    op: WebhookOp,
) -> Result<Done, DbErr> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let done = match op {
        WebhookOp::Pause => webhooks::set_paused(&txn, id, true, now)
            .await?
            .then_some(Done::Changed),
        WebhookOp::Resume => webhooks::set_paused(&txn, id, false, now)
            .await?
            .then_some(Done::Changed),
        WebhookOp::Delete => webhooks::delete(&txn, id).await?.then_some(Done::Changed),
        WebhookOp::Rotate => webhooks::rotate(ctx, &txn, id).await?.map(Done::Rotated),
    };
    let Some(done) = done else {
        txn.rollback().await?;
        return Ok(Done::Missing);
    };
    AuditEvent::new(Actor::Staff(admin), None, op.action())
        .details(json!({ "webhook": id }))
        .record(&txn, request, now)
        .await?;
    txn.commit().await?;
    Ok(done)
}
