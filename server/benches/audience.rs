//! Benchmarks for the sender's bulk paths, against the real app on SQLite and PostgreSQL:
//! importing recipients from CSV, and streaming a topic's audience over the API.
//! Run: `cargo bench -p prefcentre --bench audience` (`AUDIENCE_BENCH_PEOPLE`, default 50000).
//!
//! Prints, per back-end: import rate (rows/s), audience stream rate (recipients/s) and time to
//! the first byte, for a topic everyone chose and one a tenth chose, and how much the process's
//! resident memory grew during each stream. "Constant memory" means the two growths are alike
//! although one stream is ten times longer.

#[path = "../tests/http/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::{Backend, TestApp};
use futures::StreamExt;
use prefcentre_app::platform::clock::Clock;
use prefcentre_app::sender::{api_keys, import};

/// Resident memory of this process (the app runs in it), in bytes.
fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

fn recipients_csv(people: usize) -> Vec<u8> {
    let mut csv = String::from("email,name,topics,source,consented_at\n");
    for i in 0..people {
        let topics = if i % 10 == 0 {
            "newsletter;surveys"
        } else {
            "newsletter"
        };
        csv.push_str(&format!(
            "reader{i}@example.org,Reader {i},{topics},bench import,2024-05-01\n"
        ));
    }
    csv.into_bytes()
}

struct Streamed {
    recipients: usize,
    first_byte: Duration,
    total: Duration,
    memory_growth: u64,
}

async fn stream_audience(app: &TestApp, key: &str, topic: &str) -> Streamed {
    let baseline = resident_bytes();
    let peak = Arc::new(AtomicU64::new(baseline));
    let sampler = {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                peak.fetch_max(resident_bytes(), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let started = Instant::now();
    let response = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/audience?topic={topic}")))
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut body = response.bytes_stream();
    let mut first_byte = None;
    let mut recipients = 0;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.unwrap();
        first_byte.get_or_insert_with(|| started.elapsed());
        recipients += chunk.iter().filter(|b| **b == b'\n').count();
    }
    let total = started.elapsed();
    sampler.abort();
    Streamed {
        recipients,
        first_byte: first_byte.unwrap_or(total),
        total,
        memory_growth: peak.load(Ordering::Relaxed).saturating_sub(baseline),
    }
}

fn main() {
    let people: usize = std::env::var("AUDIENCE_BENCH_PEOPLE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let app = TestApp::spawn(backend).await;
            println!("== {backend:?}, {people} recipients");
            let csv = recipients_csv(people);
            let started = Instant::now();
            let report = import::import(&app.ctx, &csv, &|_, _| {}).await.unwrap();
            let elapsed = started.elapsed();
            assert_eq!(report.people_created, people);
            println!(
                "import                       {:>8.0} rows/s   ({:.1} s)",
                people as f64 / elapsed.as_secs_f64(),
                elapsed.as_secs_f64()
            );
            let key = api_keys::create(
                &app.ctx.db,
                "bench",
                &[api_keys::Scope::ReadAudience],
                app.clock.now(),
            )
            .await
            .unwrap();
            for topic in ["newsletter", "surveys"] {
                let streamed = stream_audience(&app, &key, topic).await;
                assert_eq!(
                    streamed.recipients,
                    if topic == "surveys" {
                        people.div_ceil(10)
                    } else {
                        people
                    }
                );
                println!(
                    "audience {topic:<11}         {:>8.0} recipients/s   first byte {:>5.1} ms   {} recipients in {:.1} s   memory +{:.1} MB",
                    streamed.recipients as f64 / streamed.total.as_secs_f64(),
                    streamed.first_byte.as_secs_f64() * 1000.0,
                    streamed.recipients,
                    streamed.total.as_secs_f64(),
                    streamed.memory_growth as f64 / 1e6
                );
            }
        }
    });
}
