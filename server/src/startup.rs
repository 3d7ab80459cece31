//! Building and running an instance: connect, migrate, precompress the client, serve, run jobs.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use prefcentre_app::outbox::{transport::Mailer, worker::OutboxWorker};
use prefcentre_app::platform::{
    clock::SharedClock,
    context::{AppContext, Policy, PublicFacts},
    db,
    jobs::{ExpiredSessionCleanup, ExpiredTokenCleanup, Job, JobRunner, PlannerStatistics},
    keys::{Keys, LinkKeys},
};
use prefcentre_migrations::{Migrator, MigratorTrait};
use tokio::net::TcpListener;

use crate::config::{MailTransport, Settings};
use crate::http;

/// The jobs every instance schedules: the platform's housekeeping and each feature's own. A
/// feature with a scheduled job adds it here, at start-up, the one place that sees them all.
pub fn all_jobs() -> Vec<Arc<dyn Job>> {
    vec![
        Arc::new(ExpiredSessionCleanup),
        Arc::new(ExpiredTokenCleanup),
        Arc::new(prefcentre_app::rights::ssr::retention::RetentionPurge),
        Arc::new(prefcentre_app::sender::webhooks::WebhookDelivery),
        Arc::new(prefcentre_app::policy::ssr::versions::PolicyAnnouncements),
        Arc::new(PlannerStatistics),
    ]
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Database(#[from] db::ConnectError),
    #[error("cannot migrate the database: {0}")]
    Migrate(String),
    #[error(
        "cannot write the database: its storage refused (the disk is full, or the file or its folder is read-only): {0}"
    )]
    StorageRefused(String),
    #[error("cannot listen on {addr}: {cause}")]
    Listen { addr: String, cause: String },
    #[error("mail transport: {0}")]
    Mail(String),
}

/// A configured, connected and migrated instance, not yet serving.
pub struct Application {
    pub settings: Arc<Settings>,
    pub ctx: AppContext,
    mailer: Arc<Mailer>,
    mail_from: lettre::message::Mailbox,
}

impl Application {
    pub async fn build(settings: Settings, clock: SharedClock) -> Result<Self, StartError> {
        let db = db::connect(&settings.database_url).await?;
        migrate(&db).await?;
        let public = Arc::new(PublicFacts {
            base_url: settings.base_url.clone(),
            organisation: settings.organisation.clone(),
            default_language: settings.default_language,
            time_zone: settings.time_zone,
        });
        let mailer = match &settings.mail {
            MailTransport::Smtp(url) => Mailer::smtp(url),
            MailTransport::Files(folder) => Mailer::files(folder.clone()),
        }
        .map_err(|err| StartError::Mail(err.to_string()))?;
        let mail_from = settings
            .mail_from
            .parse()
            .map_err(|err| StartError::Mail(format!("PREFCENTRE_MAIL_FROM: {err}")))?;
        let previous: Vec<Vec<u8>> = settings
            .previous_secret_keys
            .iter()
            .map(|k| k.as_bytes().to_vec())
            .collect();
        let link_keys = LinkKeys::derive(
            settings.secret_key.as_bytes(),
            &previous,
            settings.link_key_id,
        );
        let keys = Arc::new(Keys::with_link_keys(
            settings.secret_key.as_bytes(),
            &previous,
            link_keys,
        ));
        let ctx = AppContext {
            db,
            clock,
            public,
            keys,
            policy: Arc::new(Policy {
                access_record_retention: chrono::Duration::days(settings.access_record_days.into()),
                profile_link_lifetime: chrono::Duration::days(settings.profile_link_days.into()),
                prospect_retention: chrono::Months::new(settings.prospect_retention_months),
                policy_mail_per_minute: settings.policy_mail_per_minute,
                webhooks_public_https_only: settings.env == crate::config::Environment::Production,
            }),
            outbox_signal: Arc::new(tokio::sync::Notify::new()),
            liveness: Arc::default(),
        };
        Ok(Self {
            settings: Arc::new(settings),
            ctx,
            mailer: Arc::new(mailer),
            mail_from,
        })
    }

    /// An outbox worker with this instance's transport (`serve` runs one; tests drive their
    /// own).
    pub fn outbox_worker(&self) -> OutboxWorker {
        OutboxWorker::new(
            self.ctx.clone(),
            self.mailer.clone(),
            self.mail_from.clone(),
        )
    }

    pub fn router(&self) -> axum::Router {
        http::router::router(self.settings.clone(), self.ctx.clone())
    }

    pub async fn bind(&self) -> Result<TcpListener, StartError> {
        TcpListener::bind(self.settings.listen)
            .await
            .map_err(|err| StartError::Listen {
                addr: self.settings.listen.to_string(),
                cause: err.to_string(),
            })
    }

    /// Serves until `shutdown` resolves, with the scheduled jobs and the outbox worker running
    /// beside. Then it drains: requests in flight finish (axum's graceful shutdown), and the
    /// workers finish what they are sending or running (at most `DRAIN` more) before the
    /// process ends; nothing new is started.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartError> {
        use futures::FutureExt;
        // Off the request path: until it finishes, assets are compressed on the fly.
        let site_root = self.settings.site_root.clone();
        tokio::task::spawn_blocking(move || http::assets::precompress(&site_root));
        let (stop_workers, stopped) = tokio::sync::watch::channel(false);
        let stop = async move {
            let mut stopped = stopped;
            let _ = stopped.wait_for(|stop| *stop).await;
        }
        .boxed()
        .shared();
        let jobs = self.settings.run_jobs.then(|| {
            JobRunner::new(all_jobs()).spawn(
                self.ctx.clone(),
                Duration::from_secs(30),
                stop.clone(),
            )
        });
        let outbox = self
            .settings
            .deliver_mail
            .then(|| self.outbox_worker().spawn(stop.clone()));
        let router = self.router();
        let result = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        let _ = stop_workers.send(true);
        for mut task in [jobs, outbox].into_iter().flatten() {
            if tokio::time::timeout(DRAIN, &mut task).await.is_err() {
                tracing::warn!("a worker did not finish within the drain time; it is cut off");
                task.abort();
            }
        }
        result.map_err(|err| StartError::Listen {
            addr: "(serving)".into(),
            cause: err.to_string(),
        })
    }
}

/// Applies pending migrations. Several instances starting at once on PostgreSQL take turns
/// under an advisory lock, so each migration runs once; SQLite has one writer anyway.
pub async fn migrate(db: &sea_orm::DatabaseConnection) -> Result<(), StartError> {
    let failed = |err: &dyn std::fmt::Display| {
        let cause = err.to_string();
        if db::refused_by_storage(&cause) {
            StartError::StorageRefused(cause)
        } else {
            StartError::Migrate(cause)
        }
    };
    if db.get_database_backend() != sea_orm::DbBackend::Postgres {
        // A file SQLite may only read opens without complaint (read-only), and then every
        // write fails: take the write lock once, so such a file stops the start here.
        db::begin_write(db)
            .await
            .map_err(|e| failed(&e))?
            .commit()
            .await
            .map_err(|e| failed(&e))?;
        Migrator::up(db, None).await.map_err(|e| failed(&e))?;
        // The planner gets statistics from the start, not only after the first job run.
        use sea_orm::ConnectionTrait;
        return db
            .execute_unprepared(prefcentre_app::platform::db::SQLITE_OPTIMIZE)
            .await
            .map(|_| ())
            .map_err(|e| failed(&e));
    }
    // The lock belongs to one connection (a PostgreSQL session), held while the migrations
    // run on others of the pool.
    let mut holder = db
        .get_postgres_connection_pool()
        .acquire()
        .await
        .map_err(|e| failed(&e))?;
    sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(MIGRATION_LOCK)
        .execute(&mut *holder)
        .await
        .map_err(|e| failed(&e))?;
    let migrated = Migrator::up(db, None).await.map_err(|e| failed(&e));
    let released = sea_orm::sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(MIGRATION_LOCK)
        .execute(&mut *holder)
        .await;
    if released.is_err() {
        // Never hand a connection that may still hold the lock back to the pool.
        drop(holder.detach());
    }
    migrated
}

/// How long the workers get at shutdown to finish what they are doing: inside the 30 s most
/// orchestrators wait between SIGTERM and SIGKILL.
const DRAIN: Duration = Duration::from_secs(20);

/// The advisory lock key migrations run under ("prefcent" in ASCII).
const MIGRATION_LOCK: i64 = 0x7072_6566_6365_6e74;

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before the process exits.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
