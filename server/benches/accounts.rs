//! Benchmarks for sign-in and the outbox, against the real app on SQLite and PostgreSQL with
//! mail delivered to the SMTP sink. Run: `cargo bench -p prefcentre --bench accounts`.
//!
//! Prints, per back-end: sign-in latency (p50/p95) for a right password, a wrong one and an
//! unknown address (they should be alike: no user enumeration by timing), and the outbox's
//! delivery rate to the local SMTP server.

#[path = "../tests/http/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::{Backend, TestApp, smtp::SmtpSink};
use leptos::server_fn::ServerFn;
use prefcentre::startup::Application;
use prefcentre_app::auth::api::SignIn;
use prefcentre_app::demo::seed_demo;
use prefcentre_app::outbox::{
    kinds::MailKind,
    queue::{Mail, queue},
};
use prefcentre_app::store::people;
use prefcentre_app::platform::{clock::Clock, db::begin_write};
use sea_orm::EntityTrait;

const SIGN_INS: usize = 150;
const MAILS: usize = 500;

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

/// One sign-in POST, timed from request to response, with a fresh CSRF token fetched first.
async fn response_time(app: &TestApp, email: &str, password: &str, i: usize) -> Duration {
    let mut browser = app.visitor();
    let token = common::browser::extract_csrf(&browser.get("/sign-in").await.html).unwrap();
    let request = browser
        .client
        .post(app.url(SignIn::PATH))
        .header("origin", &app.address)
        .header(
            "x-forwarded-for",
            format!("10.2.{}.{}", i / 250, i % 250 + 1),
        )
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf_token", token.as_str()),
        ]);
    let started = Instant::now();
    let response = request.send().await.unwrap();
    let elapsed = started.elapsed();
    assert!(response.status().is_redirection());
    elapsed
}

async fn outbox_rate(app: &TestApp, sink: &SmtpSink) -> f64 {
    let person = people::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let txn = begin_write(&app.ctx.db).await.unwrap();
    for i in 0..MAILS {
        let mail = Mail {
            kind: MailKind::SignInLink,
            person_id: person.id,
            to: person.email.clone(),
            payload: serde_json::json!({ "name": person.full_name, "valid_minutes": 10, "valid_hours": 0 }),
            idempotency_key: format!("bench-{i}"),
        };
        queue(&txn, mail, &app.ctx.public, app.clock.now())
            .await
            .unwrap();
    }
    txn.commit().await.unwrap();
    let driver = Application::build((*app.settings).clone(), app.clock.clone())
        .await
        .unwrap();
    let started = Instant::now();
    let report = driver.outbox_worker().deliver_due().await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(report.sent, MAILS);
    sink.wait_for(MAILS).await;
    MAILS as f64 / elapsed.as_secs_f64()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let sink = SmtpSink::start();
            let app = TestApp::spawn_with(
                backend,
                &[
                    ("PREFCENTRE_MAIL_URL", &sink.url()),
                    ("PREFCENTRE_DELIVER_MAIL", "false"),
                    ("PREFCENTRE_TRUSTED_PROXIES", "127.0.0.1"),
                ],
            )
            .await;
            seed_demo(&app.ctx).await.unwrap();
            println!("== {backend:?}");
            for (label, email, password) in [
                (
                    "sign-in, right password",
                    "ada.lindqvist@example.com",
                    "demo passphrase for Ada",
                ),
                (
                    "sign-in, wrong password",
                    "ada.lindqvist@example.com",
                    "not the password",
                ),
                (
                    "sign-in, unknown address",
                    "nobody@example.com",
                    "not the password",
                ),
            ] {
                let mut samples: Vec<Duration> = Vec::with_capacity(SIGN_INS);
                for i in 0..SIGN_INS {
                    samples.push(response_time(&app, email, password, i).await);
                }
                let p50 = percentile(&mut samples, 0.5);
                let p95 = percentile(&mut samples, 0.95);
                println!(
                    "{label:<28} p50 {:>6.1} ms   p95 {:>6.1} ms   (n={SIGN_INS})",
                    ms(p50),
                    ms(p95)
                );
            }
            let rate = outbox_rate(&app, &sink).await;
            println!(
                "outbox to the SMTP sink      {rate:>6.0} messages/s   (n={MAILS}, one worker)"
            );
        }
    });
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
