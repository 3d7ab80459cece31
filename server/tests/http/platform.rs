//! Shared infrastructure on both back-ends: migrations, the session store, scheduled jobs,
//! the demo seed.

use crate::common;

use std::sync::Arc;

use chrono::Duration;
use common::{TestApp, TestDatabase, test_start};
use prefcentre::startup::{Application, all_jobs};
use prefcentre_app::demo::seed_demo;
use prefcentre_app::platform::{
    clock::ManualClock,
    db,
    jobs::{Job, JobRunner},
    sessions::{DbSessionStore, PERSON_KEY},
};
use prefcentre_migrations::{Migrator, MigratorTrait};
use tower_sessions::{SessionStore, session::Record};

fn record_expiring_in(minutes: i64) -> Record {
    Record {
        id: Default::default(),
        data: Default::default(),
        expiry_date: time::OffsetDateTime::from_unix_timestamp(
            (test_start() + Duration::minutes(minutes)).timestamp(),
        )
        .unwrap(),
    }
}

async fn any_person(app: &TestApp) -> uuid::Uuid {
    use sea_orm::EntityTrait;
    prefcentre_app::store::people::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .expect("a seeded person")
        .id
}

/// A job that takes `seconds` of real time and counts the runs that finished.
struct Slow {
    seconds: f64,
    finished: Arc<std::sync::atomic::AtomicUsize>,
}

#[async_trait::async_trait]
impl Job for Slow {
    fn name(&self) -> &'static str {
        "slow"
    }
    fn every(&self) -> Duration {
        Duration::hours(1)
    }
    async fn run(
        &self,
        _: &prefcentre_app::platform::context::AppContext,
    ) -> anyhow::Result<String> {
        tokio::time::sleep(std::time::Duration::from_secs_f64(self.seconds)).await;
        self.finished
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok("done".into())
    }
}

on_both_backends! {
    async fn every_migration_can_be_undone_and_redone(backend: Backend) {
        let database = TestDatabase::create(backend).await;
        let connection = db::connect(&database.url).await.unwrap();
        Migrator::up(&connection, None).await.unwrap();
        Migrator::down(&connection, None).await.unwrap();
        assert!(Migrator::get_applied_migrations(&connection).await.unwrap().is_empty());
        Migrator::up(&connection, None).await.unwrap();
        assert!(Migrator::get_pending_migrations(&connection).await.unwrap().is_empty());
    }

    async fn a_session_is_found_by_another_instance_until_it_expires(backend: Backend) {
        let first = TestApp::spawn(backend).await;
        seed_demo(&first.ctx).await.unwrap();
        let person = any_person(&first).await;
        let store = DbSessionStore::new(first.ctx.db.clone(), first.clock.clone());
        let mut record = record_expiring_in(30);
        record.data.insert(PERSON_KEY.into(), serde_json::json!(person));
        store.create(&mut record).await.unwrap();

        // A second instance on the same database, as behind a load balancer.
        let clock = Arc::new(ManualClock::starting_at(test_start()));
        let other = DbSessionStore::new(db::connect(&first.database.url).await.unwrap(), clock.clone());
        let loaded = other.load(&record.id).await.unwrap().expect("shared session");
        assert_eq!(loaded.data[PERSON_KEY], serde_json::json!(person));

        clock.advance(Duration::minutes(31));
        assert!(other.load(&record.id).await.unwrap().is_none(), "expired sessions do not load");
    }

    async fn a_session_ended_elsewhere_is_not_revived_by_a_late_save(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let store = DbSessionStore::new(app.ctx.db.clone(), app.clock.clone());
        let mut record = record_expiring_in(30);
        store.create(&mut record).await.unwrap();
        store.delete(&record.id).await.unwrap();
        record.data.insert("late".into(), serde_json::json!(true));
        store.save(&record).await.unwrap();
        assert!(store.load(&record.id).await.unwrap().is_none());
    }

    async fn all_sessions_of_a_person_end_together(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let person = any_person(&app).await;
        let store = DbSessionStore::new(app.ctx.db.clone(), app.clock.clone());
        let mut ids = Vec::new();
        for _ in 0..3 {
            let mut record = record_expiring_in(30);
            record.data.insert(PERSON_KEY.into(), serde_json::json!(person));
            store.create(&mut record).await.unwrap();
            ids.push(record.id);
        }
        let mut stranger = record_expiring_in(30);
        store.create(&mut stranger).await.unwrap();

        let ended = DbSessionStore::delete_for_person(&app.ctx.db, person).await.unwrap();
        assert_eq!(ended, 3);
        for id in ids {
            assert!(store.load(&id).await.unwrap().is_none());
        }
        assert!(store.load(&stranger.id).await.unwrap().is_some(), "other sessions stay");
    }

    async fn a_due_job_runs_on_exactly_one_of_several_instances(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let runners: Vec<_> = (0..4).map(|_| Arc::new(JobRunner::new(all_jobs()))).collect();
        let mut handles = Vec::new();
        for runner in &runners {
            let runner = runner.clone();
            let ctx = app.ctx.clone();
            handles.push(tokio::spawn(async move { runner.run_due(&ctx).await.unwrap() }));
        }
        let mut runs = 0;
        for handle in handles {
            runs += handle.await.unwrap().len();
        }
        assert_eq!(runs, all_jobs().len(), "each job ran once in all");

        let runner = JobRunner::new(all_jobs());
        assert!(runner.run_due(&app.ctx).await.unwrap().is_empty(), "not due again yet");
        let step = prefcentre_app::platform::jobs::ExpiredSessionCleanup.every();
        app.clock.advance(step);
        let due_by_then = all_jobs().iter().filter(|job| job.every() <= step).count();
        assert!(due_by_then >= 1);
        assert_eq!(runner.run_due(&app.ctx).await.unwrap().len(), due_by_then, "each due again after its own interval");
    }

    async fn a_job_that_outlives_its_lease_keeps_it_by_heartbeat(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let finished = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        // Long enough that the second runner looks while the first still runs it, however
        // loaded the machine: a job already released would not be due either.
        let job = || -> Vec<Arc<dyn Job>> { vec![Arc::new(Slow { seconds: 6.0, finished: finished.clone() })] };
        // Leases of 4 s (on the test clock), extended every second (real time).
        let first = Arc::new(JobRunner::new(job()).with_lease(Duration::seconds(4)));
        let running = {
            let (first, ctx) = (first.clone(), app.ctx.clone());
            tokio::spawn(async move { first.run_due(&ctx).await.unwrap() })
        };
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        // The lease taken at the start has run out on the clock; the heartbeat has moved it on.
        app.clock.advance(Duration::seconds(5));
        // Two heartbeats (at 2 s and 3 s) come after the clock moved.
        tokio::time::sleep(std::time::Duration::from_millis(2000)).await;
        assert_eq!(finished.load(std::sync::atomic::Ordering::SeqCst), 0, "the first run is still under way");
        let second = JobRunner::new(job()).with_lease(Duration::seconds(4));
        assert!(second.run_due(&app.ctx).await.unwrap().is_empty(), "the job is still held: it does not run twice");
        let reports = running.await.unwrap();
        assert_eq!(reports[0].outcome, Ok("done".to_owned()));
        assert_eq!(finished.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    async fn a_job_whose_lease_was_taken_over_stops_and_leaves_the_lease_alone(backend: Backend) {
        use prefcentre_app::store::job_leases as leases;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::{Expr, ExprTrait}};
        let app = TestApp::spawn(backend).await;
        let finished = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let runner = Arc::new(JobRunner::new(vec![Arc::new(Slow { seconds: 4.0, finished: finished.clone() })]).with_lease(Duration::seconds(4)));
        let running = {
            let (runner, ctx) = (runner.clone(), app.ctx.clone());
            tokio::spawn(async move { runner.run_due(&ctx).await.unwrap() })
        };
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        // Another instance claims the job (as after a pause longer than the lease).
        leases::Entity::update_many()
            .col_expr(leases::Column::Fence, Expr::col(leases::Column::Fence).add(1))
            .col_expr(leases::Column::LockedBy, Expr::value("another instance"))
            .filter(leases::Column::Name.eq("slow"))
            .exec(&app.ctx.db)
            .await
            .unwrap();
        let reports = tokio::time::timeout(std::time::Duration::from_secs(3), running).await.expect("stopped at the next heartbeat, not at the end of its work").unwrap();
        assert_eq!(reports[0].outcome, Err("stopped: its lease was taken over".to_owned()));
        assert_eq!(finished.load(std::sync::atomic::Ordering::SeqCst), 0);
        let lease = leases::Entity::find_by_id("slow").one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!(lease.locked_by.as_deref(), Some("another instance"), "the new holder's lease is untouched");
        assert!(lease.locked_until.is_some());
    }

    async fn the_session_cleanup_job_deletes_only_expired_sessions(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let store = DbSessionStore::new(app.ctx.db.clone(), app.clock.clone());
        let mut short = record_expiring_in(5);
        let mut long = record_expiring_in(120);
        store.create(&mut short).await.unwrap();
        store.create(&mut long).await.unwrap();
        app.clock.advance(Duration::minutes(10));

        let runner = JobRunner::new(vec![Arc::new(prefcentre_app::platform::jobs::ExpiredSessionCleanup)]);
        let reports = runner.run_due(&app.ctx).await.unwrap();
        assert_eq!(reports[0].outcome, Ok("1 expired sessions deleted".to_owned()));
        app.clock.advance(Duration::minutes(-10));
        assert!(store.load(&short.id).await.unwrap().is_none());
        assert!(store.load(&long.id).await.unwrap().is_some());
    }

    async fn the_demo_seed_creates_each_kind_of_user_once(backend: Backend) {
        let database = TestDatabase::create(backend).await;
        let app = TestApp::spawn_on(database, &[]).await;
        let first = seed_demo(&app.ctx).await.unwrap();
        assert!(first.lines.iter().any(|l| l.starts_with("account holder:") && l.ends_with("(created)")));
        assert!(first.lines.iter().any(|l| l.starts_with("newsletter-only recipient:") && l.ends_with("(created)")));
        assert!(first.lines.iter().any(|l| l.starts_with("staff (support):") && l.ends_with("(created)")));
        let second = seed_demo(&app.ctx).await.unwrap();
        assert!(second.lines.iter().all(|l| l.ends_with("(already present)")));
    }

    async fn an_instance_starts_on_an_already_migrated_database(backend: Backend) {
        let first = TestApp::spawn(backend).await;
        let settings = (*first.settings).clone();
        let again = Application::build(settings, first.clock.clone()).await;
        assert!(again.is_ok());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_starting_at_once_on_postgres_migrate_one_after_another() {
    let database = TestDatabase::create(common::Backend::Postgres).await;
    let mut starting = Vec::new();
    for _ in 0..3 {
        let url = database.url.clone();
        starting.push(tokio::spawn(async move {
            let db = prefcentre_app::platform::db::connect(&url).await.unwrap();
            prefcentre::startup::migrate(&db).await
        }));
    }
    for instance in starting {
        instance.await.unwrap().expect("every instance starts");
    }
    let db = prefcentre_app::platform::db::connect(&database.url)
        .await
        .unwrap();
    let applied = Migrator::get_applied_migrations(&db).await.unwrap().len();
    assert_eq!(
        applied,
        Migrator::migrations().len(),
        "each migration applied once"
    );
}

/// A job that panics every time it runs.
struct Panics;

#[async_trait::async_trait]
impl prefcentre_app::platform::jobs::Job for Panics {
    fn name(&self) -> &'static str {
        "panics"
    }

    fn every(&self) -> Duration {
        Duration::minutes(1)
    }

    async fn run(
        &self,
        _ctx: &prefcentre_app::platform::context::AppContext,
    ) -> anyhow::Result<String> {
        panic!("a bug in a job");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_that_panics_is_a_failed_run_and_the_others_go_on() {
    let app = TestApp::spawn(common::Backend::Sqlite).await;
    let runner = JobRunner::new(vec![
        Arc::new(Panics),
        Arc::new(prefcentre_app::platform::jobs::ExpiredSessionCleanup),
    ]);
    let reports = runner.run_due(&app.ctx).await.unwrap();
    assert_eq!(
        reports.len(),
        2,
        "the job after the panicking one ran: {reports:?}"
    );
    assert_eq!(
        reports[0].outcome,
        Err("panicked: a bug in a job".to_owned())
    );
    assert!(reports[1].outcome.is_ok());
    app.clock.advance(Duration::minutes(2));
    let again = runner.run_due(&app.ctx).await.unwrap();
    assert_eq!(
        again[0].name, "panics",
        "its lease was released: it runs again when due"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_says_which_worker_is_not_running() {
    // A running instance: its outbox worker goes round (jobs do not run in tests).
    let app = TestApp::spawn(common::Backend::Sqlite).await;
    let ready = reqwest::get(app.url("/readyz")).await.unwrap();
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.text().await.unwrap(), "ready\n");

    // The same application with its workers never started: alive, but not ready.
    let database = TestDatabase::create(common::Backend::Sqlite).await;
    let settings = prefcentre::config::Settings::load(prefcentre::config::Sources {
        file: None,
        env: &|key| match key {
            "DATABASE_URL" => Some(database.url.clone()),
            "PREFCENTRE_SECRET_KEY" => Some(common::TEST_SECRET.to_owned()),
            "PREFCENTRE_MAIL_URL" => {
                Some(format!("file:{}", database.folder().join("mail").display()))
            }
            _ => None,
        },
    })
    .unwrap();
    let driver = Application::build(
        settings,
        Arc::new(prefcentre_app::platform::clock::ManualClock::starting_at(
            test_start(),
        )),
    )
    .await
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let router = driver.router();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    assert_eq!(
        reqwest::get(format!("http://{address}/healthz"))
            .await
            .unwrap()
            .status(),
        200
    );
    let not_ready = reqwest::get(format!("http://{address}/readyz"))
        .await
        .unwrap();
    assert_eq!(not_ready.status(), 503);
    let body = not_ready.text().await.unwrap();
    assert!(
        body.contains("outbox worker not running") && body.contains("jobs worker not running"),
        "{body}"
    );
}
