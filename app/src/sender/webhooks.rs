//! Webhooks: the change feed pushed to systems that prefer push. Each webhook has a cursor;
//! a job posts the changes after it, signed, and advances the cursor only on a 2xx answer.
//! Failures back off (1 min doubling, at most 6 h) and the next attempt resends the same
//! changes, so a receiver sees every change at least once, in order. A new webhook starts at
//! the current end of the feed: it is told what happens from now on, not the whole history.
//!
//! Signature: `X-Prefcentre-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">`
//! with the webhook's own random secret, shown once when the webhook is made or its secret is
//! rotated, and stored sealed (see `platform::sealed`): rotating the server secret leaves it as
//! it is. Where a webhook may post is `webhook_target`'s to say.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};
use uuid::Uuid;

use super::{changes, webhook_target};
use crate::consents::ssr::feed;
use crate::platform::{context::AppContext, jobs::Job, keys::hex, keys::sign};

use crate::store::webhooks as entity;

const BATCH: u64 = 100;
const SEALED_AS: &str = "webhook";

#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error(transparent)]
    Target(#[from] webhook_target::TargetError),
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// A fresh signing secret (256 bits, hex) and its sealed form.
fn new_secret(ctx: &AppContext) -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = hex(&bytes);
    let sealed = ctx.keys.seal(SEALED_AS, secret.as_bytes());
    (secret, sealed)
}

fn secret_of(ctx: &AppContext, hook: &entity::Model) -> Option<String> {
    let sealed = hook.secret.as_deref()?;
    String::from_utf8(ctx.keys.open(SEALED_AS, sealed)?).ok()
}

/// The signature header for `body` sent at `at`.
pub fn signature(secret: &str, at: DateTime<Utc>, body: &[u8]) -> String {
    let t = at.timestamp();
    let mut signed = format!("{t}.").into_bytes();
    signed.extend_from_slice(body);
    format!("t={t},v1={}", hex(&sign(secret.as_bytes(), &signed)))
}

/// Registers a webhook from the current end of the feed; returns its id and its secret (the
/// only time the secret is seen).
pub async fn create(ctx: &AppContext, url: &url::Url) -> Result<(Uuid, String), WebhookError> {
    webhook_target::check(url, ctx.policy.webhooks_public_https_only)?;
    let now = ctx.clock.now();
    let id = Uuid::now_v7();
    let (secret, sealed) = new_secret(ctx);
    entity::Entity::insert(entity::ActiveModel {
        id: Set(id),
        url: Set(url.to_string()),
        cursor: Set(feed::end(&ctx.db).await?),
        failures: Set(0),
        next_attempt_at: Set(now),
        last_error: Set(None),
        created_at: Set(now),
        disabled_at: Set(None),
        secret: Set(Some(sealed)),
    })
    .exec(&ctx.db)
    .await?;
    Ok((id, secret))
}

/// Every webhook, newest first, for the admins' list.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<entity::Model>, DbErr> {
    entity::Entity::find()
        .order_by_desc(entity::Column::CreatedAt)
        .all(db)
        .await
}

/// Pauses (or resumes) posting to a webhook; `false` when there is no such webhook.
pub async fn set_paused(
    db: &impl ConnectionTrait,
    id: Uuid,
    paused: bool,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    Ok(entity::Entity::update_many()
        .col_expr(
            entity::Column::DisabledAt,
            Expr::value(paused.then_some(now)),
        )
        .col_expr(entity::Column::NextAttemptAt, Expr::value(now))
        .filter(entity::Column::Id.eq(id))
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

/// Deletes a webhook; `false` when there is no such webhook.
pub async fn delete(db: &impl ConnectionTrait, id: Uuid) -> Result<bool, DbErr> {
    Ok(entity::Entity::delete_by_id(id)
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

/// Gives a webhook a new secret at once and returns it (the only time it is seen); `None`
/// when there is no such webhook.
pub async fn rotate(
    ctx: &AppContext,
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<String>, DbErr> {
    let (secret, sealed) = new_secret(ctx);
    let changed = entity::Entity::update_many()
        .col_expr(entity::Column::Secret, Expr::value(sealed))
        .col_expr(entity::Column::Failures, Expr::value(0))
        .col_expr(entity::Column::NextAttemptAt, Expr::value(ctx.clock.now()))
        .filter(entity::Column::Id.eq(id))
        .exec(db)
        .await?
        .rows_affected;
    Ok((changed == 1).then_some(secret))
}

/// Whether a webhook can sign what it sends (a webhook from before has no secret yet).
pub fn has_secret(hook: &entity::Model) -> bool {
    hook.secret.is_some()
}

fn backoff(failures: i32) -> Duration {
    Duration::seconds(Ord::min(60i64 << (failures.clamp(1, 10) - 1), 6 * 3600))
}

/// Delivers what is due to every webhook; returns how many batches were accepted.
pub async fn deliver_due(ctx: &AppContext) -> Result<usize, DbErr> {
    let strict = ctx.policy.webhooks_public_https_only;
    let client = webhook_target::client(strict).map_err(|e| DbErr::Custom(e.to_string()))?;
    let now = ctx.clock.now();
    let due = entity::Entity::find()
        .filter(entity::Column::DisabledAt.is_null())
        .filter(entity::Column::NextAttemptAt.lte(now))
        .all(&ctx.db)
        .await?;
    let mut accepted = 0;
    for hook in due {
        // Checked again at send time: the rules may be stricter than when it was added.
        let refusal = match url::Url::parse(&hook.url) {
            Ok(url) => webhook_target::check(&url, strict)
                .err()
                .map(|e| e.to_string()),
            Err(err) => Some(err.to_string()),
        };
        let secret = secret_of(ctx, &hook);
        if let Some(error) = refusal.or_else(|| {
            secret
                .is_none()
                .then(|| "no secret of its own yet: rotate it".to_owned())
        }) {
            record_failure(ctx, hook.id, error).await?;
            continue;
        }
        let secret = secret.unwrap_or_default();
        loop {
            let page = changes::since(&ctx.db, hook_cursor(&ctx.db, hook.id).await?, BATCH).await?;
            if page.changes.is_empty() {
                break;
            }
            let body = serde_json::to_vec(&page).map_err(|e| DbErr::Custom(e.to_string()))?;
            let sent_at = ctx.clock.now();
            let result = client
                .post(&hook.url)
                .header("content-type", "application/json")
                .header("x-prefcentre-signature", signature(&secret, sent_at, &body))
                .body(body)
                .send()
                .await;
            let failure = match result {
                Ok(response) if response.status().is_success() => None,
                Ok(response) => Some(format!("answered {}", response.status())),
                Err(err) => Some(err.to_string()),
            };
            match failure {
                None => {
                    entity::Entity::update_many()
                        .col_expr(entity::Column::Cursor, Expr::value(page.next_cursor))
                        .col_expr(entity::Column::Failures, Expr::value(0))
                        .col_expr(
                            entity::Column::LastError,
                            Expr::value(Option::<String>::None),
                        )
                        .filter(entity::Column::Id.eq(hook.id))
                        .exec(&ctx.db)
                        .await?;
                    accepted += 1;
                }
                Some(error) => {
                    record_failure(ctx, hook.id, error).await?;
                    break;
                }
            }
        }
    }
    Ok(accepted)
}

async fn record_failure(ctx: &AppContext, id: Uuid, error: String) -> Result<(), DbErr> {
    let failures = hook_failures(&ctx.db, id).await? + 1;
    tracing::warn!(webhook = %id, failures, %error, "webhook delivery failed");
    entity::Entity::update_many()
        .col_expr(entity::Column::Failures, Expr::value(failures))
        .col_expr(
            entity::Column::NextAttemptAt,
            Expr::value(ctx.clock.now() + backoff(failures)),
        )
        .col_expr(entity::Column::LastError, Expr::value(error))
        .filter(entity::Column::Id.eq(id))
        .exec(&ctx.db)
        .await?;
    Ok(())
}

async fn hook_cursor(db: &impl ConnectionTrait, id: Uuid) -> Result<i64, DbErr> {
    Ok(entity::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|h| h.cursor)
        .unwrap_or(i64::MAX))
}

async fn hook_failures(db: &impl ConnectionTrait, id: Uuid) -> Result<i32, DbErr> {
    Ok(entity::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|h| h.failures)
        .unwrap_or(0))
}

/// Pushes the change feed to webhooks every minute.
pub struct WebhookDelivery;

#[async_trait]
impl Job for WebhookDelivery {
    fn name(&self) -> &'static str {
        "webhook-delivery"
    }

    fn every(&self) -> Duration {
        Duration::minutes(1)
    }

    async fn run(&self, ctx: &AppContext) -> anyhow::Result<String> {
        let accepted = deliver_due(ctx).await?;
        Ok(format!("{accepted} webhook batches delivered"))
    }
}
