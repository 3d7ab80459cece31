//! Scheduled jobs, safe with several app instances on one database.
//!
//! Each job has a row in `job_leases`. An instance runs a due job only after it wins that row
//! with one conditional `UPDATE … WHERE next_run_at <= now AND (locked_until IS NULL OR
//! locked_until < now)`: the database lets exactly one updater through, on SQLite and
//! PostgreSQL alike. A crashed runner's lease simply runs out. Time comes from the injected
//! clock, so a test moves the clock and calls [`JobRunner::run_due`] instead of waiting.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures::FutureExt;
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter};

use super::context::AppContext;

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "job_leases")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub name: String,
        pub next_run_at: DateTimeUtc,
        pub locked_until: Option<DateTimeUtc>,
        pub locked_by: Option<String>,
        pub last_started_at: Option<DateTimeUtc>,
        pub last_finished_at: Option<DateTimeUtc>,
        pub last_outcome: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity::{ActiveModel, Column, Entity as JobLeases};

/// A piece of periodic work. `run` returns a one-line summary for the log and the lease row
/// (counts, never personal data).
#[async_trait]
pub trait Job: Send + Sync {
    fn name(&self) -> &'static str;
    fn every(&self) -> chrono::Duration;
    async fn run(&self, ctx: &AppContext) -> anyhow::Result<String>;
}

/// How long a started job keeps others away. A job that runs longer could be started twice,
/// so jobs are written to be idempotent and this is set well above their run time.
const LEASE: chrono::Duration = chrono::Duration::minutes(10);

pub struct JobRunner {
    jobs: Vec<Arc<dyn Job>>,
    instance: String,
}

#[derive(Debug, PartialEq, Eq)]
pub struct JobReport {
    pub name: &'static str,
    pub outcome: Result<String, String>,
}

impl JobRunner {
    pub fn new(jobs: Vec<Arc<dyn Job>>) -> Self {
        Self {
            jobs,
            instance: uuid::Uuid::new_v4().to_string(),
        }
    }

    /// Runs every job that is due now and that no other instance holds. Returns what ran.
    pub async fn run_due(&self, ctx: &AppContext) -> Result<Vec<JobReport>, sea_orm::DbErr> {
        let mut reports = Vec::new();
        for job in &self.jobs {
            let now = ctx.clock.now();
            self.ensure_row(ctx, job.name(), now).await?;
            if !self.claim(ctx, job.name(), now).await? {
                continue;
            }
            // A job that panics is a failed run, released like any other: the runner and the
            // other jobs go on.
            let outcome = match std::panic::AssertUnwindSafe(job.run(ctx))
                .catch_unwind()
                .await
            {
                Ok(result) => result.map_err(|err| format!("{err:#}")),
                Err(panic) => Err(format!(
                    "panicked: {}",
                    super::liveness::panic_text(panic.as_ref())
                )),
            };
            match &outcome {
                Ok(summary) => tracing::info!(job = job.name(), %summary, "job finished"),
                Err(error) => tracing::error!(job = job.name(), %error, "job failed"),
            }
            self.release(ctx, job.as_ref(), &outcome).await?;
            reports.push(JobReport {
                name: job.name(),
                outcome,
            });
        }
        Ok(reports)
    }

    /// Checks for due jobs every `tick` until the process ends.
    pub fn spawn(self, ctx: AppContext, tick: Duration) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(tick);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                interval.tick().await;
                ctx.liveness
                    .beat(super::liveness::Worker::Jobs, ctx.clock.now());
                if let Err(err) = self.run_due(&ctx).await {
                    tracing::warn!(error = %err, "scheduled jobs could not be checked");
                }
            }
        })
    }

    async fn ensure_row(
        &self,
        ctx: &AppContext,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        let row = ActiveModel {
            name: Set(name.to_owned()),
            next_run_at: Set(now),
            locked_until: Set(None),
            locked_by: Set(None),
            last_started_at: Set(None),
            last_finished_at: Set(None),
            last_outcome: Set(None),
        };
        JobLeases::insert(row)
            .on_conflict_do_nothing_on([Column::Name])
            .exec(&ctx.db)
            .await?;
        Ok(())
    }

    async fn claim(
        &self,
        ctx: &AppContext,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, sea_orm::DbErr> {
        let result = JobLeases::update_many()
            .col_expr(Column::LockedUntil, (now + LEASE).into())
            .col_expr(Column::LockedBy, self.instance.clone().into())
            .col_expr(Column::LastStartedAt, now.into())
            .filter(Column::Name.eq(name))
            .filter(Column::NextRunAt.lte(now))
            .filter(
                Condition::any()
                    .add(Column::LockedUntil.is_null())
                    .add(Column::LockedUntil.lt(now)),
            )
            .exec(&ctx.db)
            .await?;
        Ok(result.rows_affected == 1)
    }

    async fn release(
        &self,
        ctx: &AppContext,
        job: &dyn Job,
        outcome: &Result<String, String>,
    ) -> Result<(), sea_orm::DbErr> {
        let now = ctx.clock.now();
        let summary = match outcome {
            Ok(summary) => format!("ok: {summary}"),
            Err(error) => format!("failed: {error}"),
        };
        JobLeases::update_many()
            .col_expr(Column::NextRunAt, (now + job.every()).into())
            .col_expr(Column::LockedUntil, Option::<DateTime<Utc>>::None.into())
            .col_expr(Column::LockedBy, Option::<String>::None.into())
            .col_expr(Column::LastFinishedAt, now.into())
            .col_expr(Column::LastOutcome, summary.into())
            .filter(Column::Name.eq(job.name()))
            .filter(Column::LockedBy.eq(self.instance.clone()))
            .exec(&ctx.db)
            .await?;
        Ok(())
    }
}

/// Deletes expired sessions.
pub struct ExpiredSessionCleanup;

#[async_trait]
impl Job for ExpiredSessionCleanup {
    fn name(&self) -> &'static str {
        "expired-sessions"
    }

    fn every(&self) -> chrono::Duration {
        chrono::Duration::minutes(15)
    }

    async fn run(&self, ctx: &AppContext) -> anyhow::Result<String> {
        let deleted = super::sessions::delete_expired(&ctx.db, ctx.clock.now()).await?;
        Ok(format!("{deleted} expired sessions deleted"))
    }
}

/// Deletes spent and expired e-mail link tokens, and rate-limit counters whose window is long
/// over. Neither is needed once expired; both would otherwise grow without bound.
pub struct ExpiredTokenCleanup;

#[async_trait]
impl Job for ExpiredTokenCleanup {
    fn name(&self) -> &'static str {
        "expired-tokens"
    }

    fn every(&self) -> chrono::Duration {
        chrono::Duration::hours(1)
    }

    async fn run(&self, ctx: &AppContext) -> anyhow::Result<String> {
        let now = ctx.clock.now();
        // A day's grace, so a person who follows a just-expired link still sees "expired"
        // rather than "unknown" (the answer is the same; the log is clearer).
        let tokens =
            crate::auth::ssr::tokens::delete_expired(&ctx.db, now - chrono::Duration::days(1))
                .await?;
        let limits =
            super::rate_limit::delete_stale(&ctx.db, now - chrono::Duration::days(1)).await?;
        Ok(format!(
            "{tokens} expired tokens and {limits} stale rate-limit counters deleted"
        ))
    }
}

/// The jobs every instance schedules. Features add theirs here.
pub fn all_jobs() -> Vec<Arc<dyn Job>> {
    vec![
        Arc::new(ExpiredSessionCleanup),
        Arc::new(ExpiredTokenCleanup),
        Arc::new(crate::rights::ssr::retention::RetentionPurge),
        Arc::new(crate::sender::webhooks::WebhookDelivery),
    ]
}
