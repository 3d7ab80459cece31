//! Webhooks: the change feed pushed to systems that prefer push. Each webhook has a cursor;
//! a job posts the changes after it, signed, and advances the cursor only on a 2xx answer.
//! Failures back off (1 min doubling, at most 6 h) and the next attempt resends the same
//! changes, so a receiver sees every change at least once, in order.
//!
//! Signature: `X-Prefcentre-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">`
//! with the webhook's secret, which is derived from the server secret and the webhook id (so it
//! is never stored) and shown once when the webhook is created.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::Expr,
};
use uuid::Uuid;

use super::changes;
use crate::platform::{context::AppContext, jobs::Job, keys::hex, keys::sign};

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "webhooks")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub url: String,
        pub cursor: i64,
        pub failures: i32,
        pub next_attempt_at: DateTimeUtc,
        pub last_error: Option<String>,
        pub created_at: DateTimeUtc,
        pub disabled_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

const BATCH: u64 = 100;

pub fn secret_of(ctx: &AppContext, id: Uuid) -> String {
    hex(&ctx.keys.webhook_secret(id))
}

/// The signature header for `body` sent at `at`.
pub fn signature(secret: &str, at: DateTime<Utc>, body: &[u8]) -> String {
    let t = at.timestamp();
    let mut signed = format!("{t}.").into_bytes();
    signed.extend_from_slice(body);
    format!("t={t},v1={}", hex(&sign(secret.as_bytes(), &signed)))
}

/// Registers a webhook from the current end of the feed; returns its id and secret.
pub async fn create(ctx: &AppContext, url: &url::Url) -> Result<(Uuid, String), DbErr> {
    let now = ctx.clock.now();
    let id = Uuid::now_v7();
    entity::Entity::insert(entity::ActiveModel {
        id: Set(id),
        url: Set(url.to_string()),
        cursor: Set(0),
        failures: Set(0),
        next_attempt_at: Set(now),
        last_error: Set(None),
        created_at: Set(now),
        disabled_at: Set(None),
    })
    .exec(&ctx.db)
    .await?;
    Ok((id, secret_of(ctx, id)))
}

fn backoff(failures: i32) -> Duration {
    Duration::seconds(Ord::min(60i64 << (failures.clamp(1, 10) - 1), 6 * 3600))
}

/// Delivers what is due to every webhook; returns how many batches were accepted.
pub async fn deliver_due(ctx: &AppContext, client: &reqwest::Client) -> Result<usize, DbErr> {
    let now = ctx.clock.now();
    let due = entity::Entity::find()
        .filter(entity::Column::DisabledAt.is_null())
        .filter(entity::Column::NextAttemptAt.lte(now))
        .all(&ctx.db)
        .await?;
    let mut accepted = 0;
    for hook in due {
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
                .header(
                    "x-prefcentre-signature",
                    signature(&secret_of(ctx, hook.id), sent_at, &body),
                )
                .body(body)
                .timeout(std::time::Duration::from_secs(10))
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
                    let failures = hook_failures(&ctx.db, hook.id).await? + 1;
                    tracing::warn!(webhook = %hook.id, failures, %error, "webhook delivery failed");
                    entity::Entity::update_many()
                        .col_expr(entity::Column::Failures, Expr::value(failures))
                        .col_expr(
                            entity::Column::NextAttemptAt,
                            Expr::value(ctx.clock.now() + backoff(failures)),
                        )
                        .col_expr(entity::Column::LastError, Expr::value(error))
                        .filter(entity::Column::Id.eq(hook.id))
                        .exec(&ctx.db)
                        .await?;
                    break;
                }
            }
        }
    }
    Ok(accepted)
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
        let client = reqwest::Client::builder().build()?;
        let accepted = deliver_due(ctx, &client).await?;
        Ok(format!("{accepted} webhook batches delivered"))
    }
}
