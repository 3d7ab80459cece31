//! Benchmark for the admin view against the real app on SQLite and PostgreSQL, with
//! `ADMIN_BENCH_PEOPLE` people (default 20,000), five consent changes each spread over the
//! last 30 days (100,000 ledger entries), their current states, and one open rights request
//! per hundred people. A signed-in support member loads, over HTTP:
//! - a search by part of a name (`/admin?q=…`), which scans names, addresses and phones;
//! - the dashboard (consents per topic, opt-ins and opt-outs per day, requests due), whose
//!   counts are made in the database;
//! - the request queue.
//!
//! Run: `cargo bench -p prefcentre --bench admin`. Prints median and p95 per page.

#[path = "../tests/http/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use chrono::Duration as Span;
use common::{Backend, TestApp, staff::signed_in_with_record};
use prefcentre_app::consents::model::{ConsentState, Source};
use prefcentre_app::store::{consent_ledger as ledger, consent_states as state};
use prefcentre_app::demo::seed_demo;
use prefcentre_app::store::people;
use prefcentre_app::platform::clock::Clock;
use prefcentre_app::rights::ssr::requests;
use prefcentre_app::domain::StaffRole;
use sea_orm::{ActiveValue::Set, EntityTrait};
use uuid::Uuid;

const RUNS: usize = 15;
const TOPICS: [&str; 5] = [
    "newsletter",
    "product_announcements",
    "surveys",
    "competitions",
    "partner_contact",
];

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() - 1) as f64 * p).round() as usize]
}

async fn crowd(app: &TestApp, count: usize) {
    let now = app.clock.now();
    for chunk in (0..count).collect::<Vec<_>>().chunks(250) {
        let ids: Vec<Uuid> = chunk.iter().map(|_| Uuid::now_v7()).collect();
        people::Entity::insert_many(chunk.iter().zip(&ids).map(|(i, id)| people::ActiveModel {
            id: Set(*id),
            email: Set(format!("person{i}@example.org")),
            email_verified_at: Set(Some(now)),
            full_name: Set(Some(format!("Person Number{i}"))),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            city: Set(Some("Aarhus".to_owned())),
            postal_code: Set(Some(format!("{}", 8000 + i % 100))),
            language: Set("en".to_owned()),
            contact_channel: Set("email".to_owned()),
            lifecycle: Set(prefcentre_app::domain::Lifecycle::Customer),
            active_contract: Set(false),
            ..Default::default()
        }))
        .exec(&app.ctx.db)
        .await
        .unwrap();
        let mut entries = Vec::new();
        let mut states = Vec::new();
        for (i, id) in chunk.iter().zip(&ids) {
            for (n, topic) in TOPICS.iter().enumerate() {
                let granted = (i + n) % 3 != 0;
                let at = now - Span::hours(((i * 7 + n * 13) % (30 * 24)) as i64);
                entries.push(ledger::ActiveModel {
                    person_id: Set(*id),
                    topic_key: Set((*topic).to_owned()),
                    topic_version: Set(1),
                    state: Set(if granted { ConsentState::Granted } else { ConsentState::Withdrawn }),
                    previous_state: Set(if granted { ConsentState::Withdrawn } else { ConsentState::Granted }),
                    occurred_at: Set(at),
                    source: Set(Source::AccountPage),
                    actor_kind: Set("person".to_owned()),
                    actor_id: Set(Some(*id)),
                    wording: Set("Wording".to_owned()),
                    policy_version: Set(1),
                    change_id: Set(Uuid::now_v7()),
                    ..Default::default()
                });
                states.push(state::ActiveModel {
                    person_id: Set(*id),
                    topic_key: Set((*topic).to_owned()),
                    state: Set(if granted { ConsentState::Granted } else { ConsentState::Withdrawn }),
                    topic_version: Set(1),
                    last_seq: Set(0),
                    updated_at: Set(at),
                });
            }
        }
        ledger::Entity::insert_many(entries)
            .exec(&app.ctx.db)
            .await
            .unwrap();
        state::Entity::insert_many(states)
            .exec(&app.ctx.db)
            .await
            .unwrap();
        let open = chunk
            .iter()
            .zip(&ids)
            .filter(|(i, _)| *i % 100 == 0)
            .map(|(i, id)| {
                let received = now - Span::days((*i % 40) as i64);
                prefcentre_app::store::rights_requests::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    person_id: Set(*id),
                    kind: Set(prefcentre_app::rights::RequestKind::Access),
                    channel: Set("staff".to_owned()),
                    staff_id: Set(None),
                    received_at: Set(received),
                    due_at: Set(requests::due(received)),
                    extension_reason: Set(None),
                    status: Set(prefcentre_app::store::rights_requests::Status::Open),
                    closed_at: Set(None),
                    outcome: Set(None),
                }
            });
        prefcentre_app::store::rights_requests::Entity::insert_many(open)
            .exec(&app.ctx.db)
            .await
            .unwrap();
    }
}

fn main() {
    let count: usize = std::env::var("ADMIN_BENCH_PEOPLE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
            seed_demo(&app.ctx).await.unwrap();
            crowd(&app, count).await;
            let ada = people::Entity::find()
                .one(&app.ctx.db)
                .await
                .unwrap()
                .unwrap();
            let mut staff =
                signed_in_with_record(&app, StaffRole::Support, ada.id, "Benchmark").await;
            println!(
                "== {backend:?}, {count} people, {} ledger entries",
                count * TOPICS.len()
            );
            for (what, path) in [
                ("search", "/admin?q=number1234"),
                ("dashboard", "/admin/dashboard"),
                ("request queue", "/admin/requests"),
            ] {
                let mut samples = Vec::with_capacity(RUNS);
                for _ in 0..RUNS {
                    let started = Instant::now();
                    let page = staff.get(path).await;
                    assert!(page.html.contains("</main>"), "{what}: {}", page.html);
                    samples.push(started.elapsed());
                }
                println!(
                    "{what:<14} median {:>7.1} ms   p95 {:>7.1} ms",
                    percentile(&mut samples, 0.5).as_secs_f64() * 1000.0,
                    percentile(&mut samples, 0.95).as_secs_f64() * 1000.0,
                );
            }
        }
    });
}
