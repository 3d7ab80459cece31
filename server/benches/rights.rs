//! Benchmark for "Download my data" against the real app on SQLite and PostgreSQL: a person
//! with a long history (`EXPORT_BENCH_ENTRIES` consent-ledger entries, default 10,000, and as
//! many audit events) downloads everything as JSON and as the CSV zip over HTTP.
//! Run: `cargo bench -p prefcentre --bench rights`.
//!
//! Prints, per back-end and format: median and p95 of the whole download (request to last
//! byte), and the size.

#[path = "../tests/http/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use chrono::Duration as Span;
use common::{Backend, TestApp};
use leptos::server_fn::ServerFn;
use prefcentre_app::auth::api::SignIn;
use prefcentre_app::consents::model::{ConsentState, Source};
use prefcentre_app::store::consent_ledger as ledger;
use prefcentre_app::demo::seed_demo;
use prefcentre_app::store::people;
use prefcentre_app::platform::clock::Clock;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

const RUNS: usize = 15;

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() - 1) as f64 * p).round() as usize]
}

/// Gives the person `entries` ledger entries and as many audit events, in bulk.
async fn long_history(app: &TestApp, person_id: Uuid, entries: usize) {
    let start = app.clock.now() - Span::days(3650);
    for chunk in (0..entries).collect::<Vec<_>>().chunks(500) {
        let rows = chunk.iter().map(|i| ledger::ActiveModel {
            person_id: Set(person_id),
            topic_key: Set("surveys".to_owned()),
            topic_version: Set(1),
            state: Set(if i % 2 == 0 { ConsentState::Granted } else { ConsentState::Withdrawn }),
            previous_state: Set(if i % 2 == 0 { ConsentState::Withdrawn } else { ConsentState::Granted }),
            occurred_at: Set(start + Span::minutes(*i as i64)),
            source: Set(Source::AccountPage),
            actor_kind: Set("person".to_owned()),
            actor_id: Set(Some(person_id)),
            reason: Set(None),
            wording: Set("We may invite you to online surveys about our products.".to_owned()),
            policy_version: Set(1),
            change_id: Set(Uuid::now_v7()),
            ip: Set(Some("192.0.2.10".to_owned())),
            user_agent: Set(Some(
                "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0".to_owned(),
            )),
            ..Default::default()
        });
        ledger::Entity::insert_many(rows)
            .exec(&app.ctx.db)
            .await
            .unwrap();
        let events = chunk.iter().map(|i| prefcentre_app::store::audit_log::ActiveModel {
            id: Set(Uuid::now_v7()),
            occurred_at: Set(start + Span::minutes(*i as i64)),
            actor_kind: Set("person".to_owned()),
            actor_id: Set(Some(person_id)),
            person_id: Set(Some(person_id)),
            action: Set("consents.changed".to_owned()),
            request_id: Set(None),
            reason: Set(None),
            ip: Set(Some("192.0.2.10".to_owned())),
            user_agent: Set(Some(
                "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0".to_owned(),
            )),
            details: Set(Some(r#"{"changes":[{"topic":"surveys"}]}"#.to_owned())),
        });
        prefcentre_app::store::audit_log::Entity::insert_many(events)
            .exec(&app.ctx.db)
            .await
            .unwrap();
    }
}

fn main() {
    let entries: usize = std::env::var("EXPORT_BENCH_ENTRIES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
            seed_demo(&app.ctx).await.unwrap();
            let ada = people::Entity::find()
                .filter(people::Column::Email.eq("ada.lindqvist@example.com"))
                .one(&app.ctx.db)
                .await
                .unwrap()
                .unwrap();
            long_history(&app, ada.id, entries).await;
            let mut browser = app.visitor();
            browser.get("/sign-in").await;
            browser
                .submit(
                    SignIn::PATH,
                    &[
                        ("email", "ada.lindqvist@example.com"),
                        ("password", "demo passphrase for Ada"),
                    ],
                )
                .await;
            println!("== {backend:?}, {entries} ledger entries and {entries} audit events");
            for format in ["json", "csv"] {
                let mut samples = Vec::with_capacity(RUNS);
                let mut size = 0;
                for _ in 0..RUNS {
                    browser.get("/account/rights").await;
                    let started = Instant::now();
                    let response = browser.post("/account/export", &[("format", format)]).await;
                    assert_eq!(response.status(), 200);
                    size = response.bytes().await.unwrap().len();
                    samples.push(started.elapsed());
                }
                println!(
                    "download {format:<4}  median {:>6.1} ms   p95 {:>6.1} ms   {:>8} bytes",
                    percentile(&mut samples, 0.5).as_secs_f64() * 1000.0,
                    percentile(&mut samples, 0.95).as_secs_f64() * 1000.0,
                    size
                );
            }
        }
    });
}
