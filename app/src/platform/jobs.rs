//! Scheduled jobs, safe with several app instances on one database.
//!
//! Each job has a row in `job_leases`. An instance runs a due job only after it wins that row
//! with one conditional `UPDATE … WHERE next_run_at <= now AND (locked_until IS NULL OR
//! locked_until < now)`: the database lets exactly one updater through, on SQLite and
//! PostgreSQL alike. The claim counts itself in `fence`; the runner extends the lease while the
//! job runs (a heartbeat), and releases it naming that fence, so a runner that lost its lease
//! (paused past it, or cut off from the database) stops its job and never releases the next
//! holder's. A crashed runner's lease simply runs out. Time comes from the injected
//! clock, so a test moves the clock and calls [`JobRunner::run_due`] instead of waiting.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures::FutureExt;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};

use super::context::AppContext;

use crate::store::job_leases as entity;

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
    lease: chrono::Duration,
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
            lease: LEASE,
        }
    }

    /// Leases of another length (tests, to see a heartbeat within seconds).
    pub fn with_lease(mut self, lease: chrono::Duration) -> Self {
        self.lease = lease;
        self
    }

    /// How often a running job's lease is extended: a quarter of it, so three heartbeats in
    /// a row must fail before another instance may take over.
    fn heartbeat(&self) -> Duration {
        (self.lease / 4).to_std().unwrap_or(Duration::from_secs(1))
    }

    /// Runs every job that is due now and that no other instance holds. Returns what ran.
    pub async fn run_due(&self, ctx: &AppContext) -> Result<Vec<JobReport>, sea_orm::DbErr> {
        let mut reports = Vec::new();
        for job in &self.jobs {
            let now = ctx.clock.now();
            self.ensure_row(ctx, job.name(), now).await?;
            let Some(fence) = self.claim(ctx, job.name(), now).await? else {
                continue;
            };
            // A job that panics is a failed run, released like any other: the runner and the
            // other jobs go on. A job whose lease is taken over (the heartbeat could not
            // extend it in time, and another instance claimed it) is stopped where it is:
            // its open transaction rolls back, and the new holder carries on.
            let run = std::panic::AssertUnwindSafe(job.run(ctx)).catch_unwind();
            let outcome = tokio::select! {
                outcome = run => match outcome {
                    Ok(result) => result.map_err(|err| format!("{err:#}")),
                    Err(panic) => Err(format!(
                        "panicked: {}",
                        super::liveness::panic_text(panic.as_ref())
                    )),
                },
                () = self.keep_lease(ctx, job.name(), fence) => {
                    Err("stopped: its lease was taken over".to_owned())
                }
            };
            match &outcome {
                Ok(summary) => tracing::info!(job = job.name(), %summary, "job finished"),
                Err(error) => {
                    super::db::replace_writer_after(&ctx.db, error);
                    tracing::error!(job = job.name(), %error, "job failed");
                }
            }
            self.release(ctx, job.as_ref(), fence, &outcome).await?;
            reports.push(JobReport {
                name: job.name(),
                outcome,
            });
        }
        Ok(reports)
    }

    /// Extends the lease while its job runs; returns only once the lease is someone else's.
    async fn keep_lease(&self, ctx: &AppContext, name: &str, fence: i64) {
        loop {
            tokio::time::sleep(self.heartbeat()).await;
            let extended = JobLeases::update_many()
                .col_expr(Column::LockedUntil, (ctx.clock.now() + self.lease).into())
                .filter(Column::Name.eq(name))
                .filter(Column::Fence.eq(fence))
                .exec(&ctx.db)
                .await;
            match extended {
                Ok(result) if result.rows_affected == 0 => return,
                Ok(_) => {}
                Err(err) => {
                    tracing::warn!(job = name, error = %err, "could not extend a job lease")
                }
            }
        }
    }

    /// Checks for due jobs every `tick` until `stop` resolves. A job under way when it does is
    /// finished and released first (the drain at shutdown).
    pub fn spawn(
        self,
        ctx: AppContext,
        tick: Duration,
        stop: impl Future<Output = ()> + Clone + Send + Sync + 'static,
    ) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(tick);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = interval.tick() => {}
                    () = stop.clone() => return,
                }
                ctx.liveness
                    .beat(super::liveness::Worker::Jobs, ctx.clock.now());
                if let Err(err) = self.run_due(&ctx).await {
                    let error = err.to_string();
                    super::db::replace_writer_after(&ctx.db, &error);
                    tracing::warn!(%error, "scheduled jobs could not be checked");
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
            fence: Set(0),
        };
        JobLeases::insert(row)
            .on_conflict_do_nothing_on([Column::Name])
            .exec(&ctx.db)
            .await?;
        Ok(())
    }

    /// Takes the lease if the job is due and free; returns its fencing token (the claim's
    /// number), which every later write about this run names.
    async fn claim(
        &self,
        ctx: &AppContext,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, sea_orm::DbErr> {
        let claimed = JobLeases::update_many()
            .col_expr(Column::LockedUntil, (now + self.lease).into())
            .col_expr(Column::LockedBy, self.instance.clone().into())
            .col_expr(Column::LastStartedAt, now.into())
            .col_expr(Column::Fence, Expr::col(Column::Fence).add(1))
            .filter(Column::Name.eq(name))
            .filter(Column::NextRunAt.lte(now))
            .filter(
                Condition::any()
                    .add(Column::LockedUntil.is_null())
                    .add(Column::LockedUntil.lt(now)),
            )
            .exec_with_returning(&ctx.db)
            .await?;
        Ok(claimed.first().map(|lease| lease.fence))
    }

    async fn release(
        &self,
        ctx: &AppContext,
        job: &dyn Job,
        fence: i64,
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
            .filter(Column::Fence.eq(fence))
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
            crate::platform::tokens::delete_expired(&ctx.db, now - chrono::Duration::days(1))
                .await?;
        let limits =
            super::rate_limit::delete_stale(&ctx.db, now - chrono::Duration::days(1)).await?;
        Ok(format!(
            "{tokens} expired tokens and {limits} stale rate-limit counters deleted"
        ))
    }
}

/// Keeps SQLite's query planner statistics current (`PRAGMA optimize`, which runs `ANALYZE`
/// where tables changed enough to need it). PostgreSQL's autovacuum does this by itself.
pub struct PlannerStatistics;

#[async_trait]
impl Job for PlannerStatistics {
    fn name(&self) -> &'static str {
        "planner-statistics"
    }

    fn every(&self) -> chrono::Duration {
        chrono::Duration::hours(6)
    }

    async fn run(&self, ctx: &AppContext) -> anyhow::Result<String> {
        use sea_orm::ConnectionTrait;
        if ctx.db.get_database_backend() != sea_orm::DbBackend::Sqlite {
            return Ok("left to PostgreSQL's autovacuum".into());
        }
        ctx.db
            .execute_unprepared(super::db::SQLITE_OPTIMIZE)
            .await?;
        Ok("SQLite statistics refreshed".into())
    }
}

/// Makes a job due now (work for it has just arrived), so the next tick of any instance runs
/// it instead of waiting for its period.
pub async fn run_soon(
    db: &impl sea_orm::ConnectionTrait,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    JobLeases::update_many()
        .col_expr(Column::NextRunAt, now.into())
        .filter(Column::Name.eq(name))
        .filter(Column::NextRunAt.gt(now))
        .exec(db)
        .await?;
    Ok(())
}
