//! The test harness: a real app on a free port with its own database, on SQLite or PostgreSQL.
//!
//! PostgreSQL tests create a fresh database per test on the server named by
//! `PREFCENTRE_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`) and
//! drop it afterwards. They fail, never skip, when that server is unreachable.

#![allow(dead_code)]

pub mod browser;
pub mod every_page;
pub mod smtp;
pub mod staff;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use prefcentre::config::{Settings, Sources};
use prefcentre::startup::Application;
use prefcentre_app::platform::{clock::ManualClock, context::AppContext};
use sea_orm::{ConnectionTrait, Database};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each test body once on SQLite and once on PostgreSQL, as `sqlite::name` and
/// `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($(async fn $name:ident($backend:ident: Backend) $body:block)*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let $backend = $crate::common::Backend::Sqlite;
                    $body
                }
            )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let $backend = $crate::common::Backend::Postgres;
                    $body
                }
            )*
        }
    };
}

pub fn postgres_admin_url() -> String {
    std::env::var("PREFCENTRE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A database that exists for one test.
pub struct TestDatabase {
    pub url: String,
    folder: tempfile::TempDir,
    postgres_name: Option<String>,
}

impl TestDatabase {
    pub async fn create(backend: Backend) -> Self {
        let folder = tempfile::tempdir().expect("temporary folder");
        match backend {
            Backend::Sqlite => {
                let path = folder.path().join("test.db");
                Self {
                    url: format!("sqlite://{}?mode=rwc", path.display()),
                    folder,
                    postgres_name: None,
                }
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let admin = Database::connect(&admin_url).await.unwrap_or_else(|err| {
                    panic!("PostgreSQL tests need a server at {admin_url}: {err}")
                });
                let name = format!("prefcentre_test_{}", uuid::Uuid::new_v4().simple());
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("create test database");
                let mut url = url::Url::parse(&admin_url).expect("admin URL");
                url.set_path(&name);
                Self {
                    url: url.to_string(),
                    folder,
                    postgres_name: Some(name),
                }
            }
        }
    }

    pub fn folder(&self) -> PathBuf {
        self.folder.path().to_path_buf()
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some(name) = self.postgres_name.take() else {
            return;
        };
        // Drop runs outside any async context we may block, so use a thread of its own.
        let admin_url = postgres_admin_url();
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let admin = Database::connect(&admin_url).await.ok()?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await
                    .ok()
            })
        })
        .join();
    }
}

/// An app that delivers no mail itself, and an application built on the same settings whose
/// outbox worker the test drives (`driver.outbox_worker().deliver_due()`), sending to `sink`.
pub async fn app_without_worker(
    backend: Backend,
    sink: &smtp::SmtpSink,
) -> (TestApp, prefcentre::startup::Application) {
    let app = TestApp::spawn_with(
        backend,
        &[
            ("PREFCENTRE_MAIL_URL", &sink.url()),
            ("PREFCENTRE_DELIVER_MAIL", "false"),
        ],
    )
    .await;
    let driver =
        prefcentre::startup::Application::build((*app.settings).clone(), app.clock.clone())
            .await
            .unwrap();
    (app, driver)
}

/// The secret every test app signs with, unless a test sets another.
pub const TEST_SECRET: &str = "a-secret-the-tests-sign-their-links-with-0123456789";

pub fn test_start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z")
        .unwrap()
        .to_utc()
}

/// A running instance.
pub struct TestApp {
    pub address: String,
    pub ctx: AppContext,
    pub clock: Arc<ManualClock>,
    pub settings: Arc<Settings>,
    pub database: TestDatabase,
    server: tokio::task::JoinHandle<Result<(), prefcentre::startup::StartError>>,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, &[]).await
    }

    /// Starts an app; `overrides` are extra environment settings, as an operator would set them.
    pub async fn spawn_with(backend: Backend, overrides: &[(&str, &str)]) -> Self {
        let database = TestDatabase::create(backend).await;
        Self::spawn_on(database, overrides).await
    }

    pub async fn spawn_on(database: TestDatabase, overrides: &[(&str, &str)]) -> Self {
        // `TEST_LOG=debug cargo test …` shows the app's log.
        if let Ok(filter) = std::env::var("TEST_LOG") {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_test_writer()
                .try_init();
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("free port");
        let address = format!("http://{}", listener.local_addr().unwrap());
        let folder = database.folder();
        let mut env: HashMap<String, String> = HashMap::from([
            ("DATABASE_URL".into(), database.url.clone()),
            (
                "PREFCENTRE_LISTEN".into(),
                listener.local_addr().unwrap().to_string(),
            ),
            ("PREFCENTRE_BASE_URL".into(), address.clone()),
            (
                "PREFCENTRE_MAIL_URL".into(),
                format!("file:{}", folder.join("mail").display()),
            ),
            (
                "LEPTOS_SITE_ROOT".into(),
                folder.join("site").display().to_string(),
            ),
            // Tests run jobs themselves, with a clock they move.
            ("PREFCENTRE_RUN_JOBS".into(), "false".into()),
            // A secret of the test's own, as a real deployment has (the development default
            // is refused behind an https URL).
            ("PREFCENTRE_SECRET_KEY".into(), TEST_SECRET.into()),
        ]);
        for (key, value) in overrides {
            env.insert((*key).into(), (*value).into());
        }
        let settings = Settings::load(Sources {
            file: None,
            env: &|key| env.get(key).cloned(),
        })
        .expect("test settings are valid");
        let clock = Arc::new(ManualClock::starting_at(test_start()));
        let app = Application::build(settings, clock.clone())
            .await
            .expect("app builds");
        let ctx = app.ctx.clone();
        let settings = app.settings.clone();
        let server = tokio::spawn(app.serve(listener, std::future::pending()));
        Self {
            address,
            ctx,
            clock,
            settings,
            database,
            server,
        }
    }

    /// An app that delivers its mail to `sink` over SMTP.
    pub async fn spawn_with_mail(backend: Backend, sink: &smtp::SmtpSink) -> Self {
        Self::spawn_with(backend, &[("PREFCENTRE_MAIL_URL", &sink.url())]).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A browser (JavaScript off) with its own cookie jar.
    pub fn visitor(&self) -> browser::Browser {
        browser::Browser::new(&self.address)
    }

    /// A plain client: keeps cookies, does not follow redirects (tests look at them), asks
    /// for HTML.
    pub fn browser(&self) -> reqwest::Client {
        browser::html_client()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}
