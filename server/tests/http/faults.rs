//! Fault tests: the server killed with SIGKILL in the middle of a stream of changes, an SMTP
//! server that is down, then refuses the login, then accepts, a database that restarts, a full
//! disk and a read-only file, two instances on one database, a deploy's SIGTERM.
//!
//! Short form by default (what CI runs). The long form is the same code with more people and
//! more kills: `PREFCENTRE_FAULT_ROUNDS=20 PREFCENTRE_FAULT_PEOPLE=2000 cargo test --test
//! faults -- --nocapture` prints its figures (the README's "Reliability" section quotes them).

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{
    Backend, TEST_SECRET, TestApp, TestDatabase,
    smtp::{SmtpSink, free_port},
};
use leptos::server_fn::ServerFn;
use prefcentre_app::consents::model::{ConsentState, Source};
use prefcentre_app::store::{consent_ledger as ledger, consent_states as state};
use prefcentre_app::consents::ssr::{
    ledger::{Who, set_states},
};
use prefcentre_app::platform::newsletter_links::{profile_url, unsubscribe_url};
use prefcentre_app::store::outbox;
use prefcentre_app::store::people;
use prefcentre_app::platform::{audit::Actor, db::begin_write, request::RequestInfo};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

const TOPICS: [&str; 3] = ["newsletter", "product_announcements", "surveys"];

fn setting(name: &str, short: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(short)
}

/// The `prefcentre` binary serving `database_url`, delivering to `sink`; ready when it returns.
async fn start_server(
    database_url: &str,
    sink: &SmtpSink,
    folder: &std::path::Path,
) -> (Child, String) {
    start_server_by(
        Command::new(env!("CARGO_BIN_EXE_prefcentre")),
        database_url,
        sink,
        folder,
    )
    .await
}

/// [`start_server`] with the process started by `command` (which runs the binary in the end).
async fn start_server_by(
    mut command: Command,
    database_url: &str,
    sink: &SmtpSink,
    folder: &std::path::Path,
) -> (Child, String) {
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}/");
    let child = command
        .current_dir(folder)
        .env_clear()
        .env("DATABASE_URL", database_url)
        .env("PREFCENTRE_LISTEN", format!("127.0.0.1:{port}"))
        .env("PREFCENTRE_BASE_URL", &base)
        .env("PREFCENTRE_SECRET_KEY", TEST_SECRET)
        .env("PREFCENTRE_MAIL_URL", sink.url())
        .env("PREFCENTRE_RUN_JOBS", "false")
        .env("LEPTOS_SITE_ROOT", folder.join("site"))
        .env("PREFCENTRE_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if let Ok(response) = client.get(format!("{base}healthz")).send().await
            && response.status().is_success()
        {
            return (child, base);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not start");
}

/// People with every topic granted, made through the ledger like an import.
async fn people_with_topics(app: &TestApp, count: usize) -> Vec<Uuid> {
    let now = chrono::Utc::now();
    let request = RequestInfo::default();
    let who = Who {
        source: Source::Import,
        actor: Actor::System,
        reason: None,
        request: &request,
    };
    let targets: Vec<_> = TOPICS
        .iter()
        .map(|t| ((*t).to_owned(), ConsentState::Granted))
        .collect();
    let mut ids = Vec::new();
    let txn = begin_write(&app.ctx.db).await.unwrap();
    for n in 0..count {
        let id = Uuid::now_v7();
        people::Entity::insert(people::ActiveModel {
            id: Set(id),
            email: Set(format!("reader{n}@example.org")),
            email_verified_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        })
        .exec(&txn)
        .await
        .unwrap();
        set_states(&app.ctx, &txn, id, &targets, &who)
            .await
            .unwrap();
        ids.push(id);
    }
    txn.commit().await.unwrap();
    ids
}

/// What a sender was told happened: acknowledged one-click withdrawals (person, topic) and
/// acknowledged "everything off" saves on the profile page (person).
#[derive(Default)]
struct Acknowledged {
    unsubscribed: Vec<(Uuid, &'static str)>,
    everything_off: Vec<Uuid>,
}

/// Sends the stream at `base` (a quarter of the people save "everything off" on their profile
/// page, the rest unsubscribe from each topic in one click), 8 at a time, and kills the server
/// once `kill_after` of them were answered.
async fn stream_and_kill(
    app: &TestApp,
    base: &str,
    people: &[Uuid],
    server: &mut Child,
    kill_after: usize,
) -> Acknowledged {
    let now = chrono::Utc::now();
    let answered = Arc::new(AtomicUsize::new(0));
    let mut work: Vec<(Uuid, Option<&'static str>)> = Vec::new();
    for (n, person) in people.iter().enumerate() {
        if n % 4 == 0 {
            work.push((*person, None));
        } else {
            work.extend(TOPICS.iter().map(|t| (*person, Some(*t))));
        }
    }
    let work = Arc::new(std::sync::Mutex::new(work.into_iter()));
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (work, answered, ctx, base) = (
            work.clone(),
            answered.clone(),
            app.ctx.clone(),
            base.to_owned(),
        );
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap();
            let mut acked = Acknowledged::default();
            loop {
                let next = work.lock().unwrap().next();
                let Some((person, topic)) = next else {
                    return acked;
                };
                let ok = match topic {
                    Some(topic) => {
                        let url = unsubscribe_url(&ctx, person, topic, now)
                            .replace(ctx.public.base_url.as_str(), &base);
                        let response = client
                            .post(url)
                            .header("content-type", "application/x-www-form-urlencoded")
                            .body("List-Unsubscribe=One-Click")
                            .send()
                            .await;
                        matches!(response, Ok(r) if r.status() == 200)
                    }
                    None => {
                        let link = profile_url(&ctx, person, now)
                            .replace(ctx.public.base_url.as_str(), &base);
                        save_profile(&link, &base, &[("everything_off", "yes")]).await
                    }
                };
                if ok {
                    answered.fetch_add(1, Ordering::SeqCst);
                    match topic {
                        Some(topic) => acked.unsubscribed.push((person, topic)),
                        None => acked.everything_off.push(person),
                    }
                }
            }
        }));
    }
    while answered.load(Ordering::SeqCst) < kill_after {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill().unwrap(); // SIGKILL: no drain, no shutdown hook
    server.wait().unwrap();
    let mut all = Acknowledged::default();
    for task in tasks {
        let acked = task.await.unwrap();
        all.unsubscribed.extend(acked.unsubscribed);
        all.everything_off.extend(acked.everything_off);
    }
    all
}

/// Every state has its ledger entry and every newest ledger entry its state; every ledger entry
/// is in the change feed. Returns the number of ledger entries.
async fn evidence_agrees(app: &TestApp) -> u64 {
    let db = &app.ctx.db;
    let entries = ledger::Entity::find().all(db).await.unwrap();
    let mut newest: BTreeMap<(Uuid, String), &ledger::Model> = BTreeMap::new();
    for entry in &entries {
        let key = (entry.person_id, entry.topic_key.clone());
        if newest.get(&key).is_none_or(|e| e.seq < entry.seq) {
            newest.insert(key, entry);
        }
    }
    let states = state::Entity::find().all(db).await.unwrap();
    assert_eq!(
        states.len(),
        newest.len(),
        "a state for every (person, topic) in the ledger, and no other"
    );
    for state in states {
        let entry = newest[&(state.person_id, state.topic_key.clone())];
        assert_eq!(
            (state.last_seq, state.state.as_str()),
            (entry.seq, entry.state.as_str()),
            "the state is its newest ledger entry"
        );
    }
    let fed = prefcentre_app::store::change_feed::Entity::find()
        .filter(prefcentre_app::store::change_feed::Column::Kind.eq("consent"))
        .count(db)
        .await
        .unwrap();
    assert_eq!(
        fed,
        entries.len() as u64,
        "every ledger entry is in the feed"
    );
    entries.len() as u64
}

async fn state_of(app: &TestApp, person: Uuid, topic: &str) -> Option<String> {
    state::Entity::find_by_id((person, topic.to_owned()))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .map(|s| s.state.as_str().to_owned())
}

async fn outbox_open(app: &TestApp) -> u64 {
    outbox::Entity::find()
        .filter(outbox::Column::Status.is_in([outbox::Status::Pending, outbox::Status::Failed, outbox::Status::Sending]))
        .count(&app.ctx.db)
        .await
        .unwrap()
}

async fn killed_mid_stream(backend: Backend) {
    let rounds = setting("PREFCENTRE_FAULT_ROUNDS", 2);
    let per_round = setting("PREFCENTRE_FAULT_PEOPLE", 80) / rounds.max(1);
    let database = TestDatabase::create(backend).await;
    let url = database.url.clone();
    let folder = database.folder();
    // The test's own view of the database (it makes people and mints their links).
    let app = TestApp::spawn_on(database, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
    let sink = SmtpSink::start();
    let everyone = people_with_topics(&app, per_round * rounds).await;

    let mut acknowledged = Acknowledged::default();
    for round in everyone.chunks(per_round) {
        let (mut server, base) = start_server(&url, &sink, &folder).await;
        // Killed about halfway through the round's answers.
        let acked = stream_and_kill(&app, &base, round, &mut server, round.len()).await;
        acknowledged.unsubscribed.extend(acked.unsubscribed);
        acknowledged.everything_off.extend(acked.everything_off);
    }

    // Restarted: nothing acknowledged is missing, and the evidence agrees with the state.
    let (mut server, _) = start_server(&url, &sink, &folder).await;
    for (person, topic) in &acknowledged.unsubscribed {
        assert_eq!(
            state_of(&app, *person, topic).await.as_deref(),
            Some("withdrawn"),
            "an acknowledged one-click withdrawal"
        );
    }
    for person in &acknowledged.everything_off {
        for topic in TOPICS {
            assert_eq!(
                state_of(&app, *person, topic).await.as_deref(),
                Some("withdrawn"),
                "an acknowledged profile save"
            );
        }
    }
    let entries = evidence_agrees(&app).await;

    // The outbox resumes. Claims the killed servers held run out after five minutes; the
    // test moves them there instead of waiting.
    outbox::Entity::update_many()
        .col_expr(
            outbox::Column::LockedUntil,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::seconds(1)),
        )
        .filter(outbox::Column::Status.eq(outbox::Status::Sending))
        .exec(&app.ctx.db)
        .await
        .unwrap();
    let queued = outbox::Entity::find().count(&app.ctx.db).await.unwrap();
    for _ in 0..600 {
        if outbox_open(&app).await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(outbox_open(&app).await, 0, "every queued mail is settled");
    let sent = outbox::Entity::find()
        .filter(outbox::Column::Status.eq(outbox::Status::Sent))
        .count(&app.ctx.db)
        .await
        .unwrap();
    let received = sink.received();
    let distinct: BTreeSet<_> = received.iter().map(|m| m.message_id.clone()).collect();
    assert_eq!(sent, queued, "every mail delivered");
    assert_eq!(
        distinct.len() as u64,
        sent,
        "each sent message reached the server"
    );
    server.kill().unwrap();
    let _ = server.wait();
    println!(
        "{backend:?}: {rounds} kills; changes acknowledged {} (one-click {}, profile saves {}), all found; ledger entries {entries}, each with its state and in the feed; mails queued {queued}, delivered {}, doubled {} (same Message-ID)",
        acknowledged.unsubscribed.len() + acknowledged.everything_off.len(),
        acknowledged.unsubscribed.len(),
        acknowledged.everything_off.len(),
        distinct.len(),
        received.len() - distinct.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_server_killed_mid_stream_loses_no_acknowledged_change() {
    killed_mid_stream(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_a_server_killed_mid_stream_loses_no_acknowledged_change() {
    killed_mid_stream(Backend::Postgres).await;
}

/// A sign-in link mail for each of `people`, due at `now` (the clock of whoever sends them).
async fn queue_sign_in_links(app: &TestApp, people: &[Uuid], now: chrono::DateTime<chrono::Utc>) {
    use prefcentre_app::outbox::{
        kinds::MailKind,
        queue::{Mail, queue},
    };
    let txn = begin_write(&app.ctx.db).await.unwrap();
    for (n, person) in people.iter().enumerate() {
        let mail = Mail {
            kind: MailKind::SignInLink,
            person_id: *person,
            to: format!("reader{n}@example.org"),
            payload: serde_json::json!({ "name": null, "valid_minutes": 10, "valid_hours": 0 }),
            idempotency_key: format!("fault:{n}"),
        };
        assert!(queue(&txn, mail, &app.ctx.public, now).await.unwrap());
    }
    txn.commit().await.unwrap();
}

async fn smtp_down_then_refusing_then_back(backend: Backend) {
    use prefcentre_app::outbox::worker::backoff;
    let mut sink = SmtpSink::start();
    let (app, driver) = common::app_without_worker(backend, &sink).await;
    let worker = driver.outbox_worker();
    let count = setting("PREFCENTRE_FAULT_MAILS", 100);
    let people = people_with_topics(&app, count).await;
    queue_sign_in_links(
        &app,
        &people,
        prefcentre_app::platform::clock::Clock::now(app.clock.as_ref()),
    )
    .await;
    let queued = outbox::Entity::find().count(&app.ctx.db).await.unwrap();

    sink.stop();
    let down = worker.deliver_due().await.unwrap();
    assert_eq!(
        (down.sent, down.retrying, down.dead),
        (0, queued as usize, 0),
        "the server is down: every mail waits"
    );
    app.clock.advance(backoff(1));
    sink.resume();
    sink.answer(Some((
        "MAIL",
        "535 5.7.8 Authentication credentials invalid",
    )));
    let refused = worker.deliver_due().await.unwrap();
    assert_eq!(
        (refused.sent, refused.retrying, refused.dead),
        (0, queued as usize, 0),
        "a refused login is ours to fix: every mail waits"
    );
    let kept = outbox::Entity::find()
        .filter(outbox::Column::Payload.is_not_null())
        .count(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(kept, queued, "each keeps what it needs to be sent");
    app.clock.advance(backoff(2));
    sink.answer(None);
    let back = worker.deliver_due().await.unwrap();
    assert_eq!((back.sent, back.dead), (queued as usize, 0));
    let received = sink.wait_for(queued as usize).await;
    let distinct: BTreeSet<_> = received.iter().map(|m| m.message_id.clone()).collect();
    assert_eq!(distinct.len() as u64, queued, "every mail delivered");
    assert_eq!(
        received.len(),
        distinct.len(),
        "none twice: a send the server refused never reached it"
    );
    println!(
        "{backend:?}: SMTP down, then 535, then 250: mails queued {queued}, delivered {}, doubled {}, dead 0",
        distinct.len(),
        received.len() - distinct.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_mail_survives_an_smtp_server_that_is_down_then_refuses_the_login() {
    smtp_down_then_refusing_then_back(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_mail_survives_an_smtp_server_that_is_down_then_refuses_the_login() {
    smtp_down_then_refusing_then_back(Backend::Postgres).await;
}

/// SQLite under a write queue it cannot serve: writers beyond the queue are told to come back
/// (503, `Retry-After`) at once and change nothing, and pages that only read are not held up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_writers_past_the_queue_get_503_at_once_and_readers_go_on() {
    use prefcentre_app::platform::db::SQLITE_WRITE_QUEUE;
    let app = TestApp::spawn_with(Backend::Sqlite, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
    let people = people_with_topics(&app, 50).await;
    let now = chrono::Utc::now();
    // Another writer holds SQLite's write lock (a long transaction).
    let held = begin_write(&app.ctx.db).await.unwrap();
    let writers = SQLITE_WRITE_QUEUE + 8;
    let mut tasks = Vec::new();
    for n in 0..writers {
        let (person, topic) = (people[n % people.len()], TOPICS[n / people.len()]);
        let url = unsubscribe_url(&app.ctx, person, topic, now);
        tasks.push(tokio::spawn(async move {
            let response = reqwest::Client::new()
                .post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body("List-Unsubscribe=One-Click")
                .send()
                .await
                .unwrap();
            let retry = response
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_owned());
            (
                person,
                topic,
                response.status().as_u16(),
                retry,
                std::time::Instant::now(),
            )
        }));
    }
    // Until those past the queue have their answer (not a fixed pause: on a loaded machine
    // the requests take a while to arrive, and one arriving after the commit is not queued).
    let waiting_since = std::time::Instant::now();
    while tasks.iter().filter(|t| t.is_finished()).count() < writers - SQLITE_WRITE_QUEUE
        && waiting_since.elapsed() < Duration::from_secs(10)
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Read while the writer still holds the lock: queued behind the writers, it would wait for
    // a commit that comes only after it.
    let page = tokio::time::timeout(Duration::from_secs(10), app.visitor().get("/privacy"))
        .await
        .expect("a page that reads is not queued behind the writers");
    assert_eq!(page.status, 200);
    // "At once" as order, not as a duration a loaded machine can stretch: a refusal that had
    // waited in the queue could only come after this.
    let released = std::time::Instant::now();
    held.commit().await.unwrap();

    let mut refused = Vec::new();
    for task in tasks {
        let (person, topic, status, retry, answered_at) = task.await.unwrap();
        match status {
            200 => assert_eq!(
                state_of(&app, person, topic).await.as_deref(),
                Some("withdrawn")
            ),
            503 => {
                assert_eq!(retry.as_deref(), Some("5"), "told when to come back");
                assert!(
                    answered_at < released,
                    "refused at once, not after waiting for the lock"
                );
                assert_eq!(
                    state_of(&app, person, topic).await.as_deref(),
                    Some("granted"),
                    "a refused write changes nothing"
                );
                refused.push(person);
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(
        refused.len(),
        writers - SQLITE_WRITE_QUEUE,
        "exactly those past the queue"
    );
}

/// A profile save on `base` with these choices, as a browser without JavaScript sends it;
/// `true` when it was answered (its redirect), `false` when not (the server was gone).
async fn save_profile(link: &str, base: &str, fields: &[(&str, &str)]) -> bool {
    let client = common::browser::html_client();
    let Ok(page) = client.get(link).send().await else {
        return false;
    };
    let Some(csrf) = common::browser::extract_csrf(&page.text().await.unwrap_or_default()) else {
        return false;
    };
    let token = link.split("t=").nth(1).unwrap_or_default();
    let origin = base.trim_end_matches('/');
    let mut form = vec![("t", token), ("csrf_token", csrf.as_str())];
    form.extend_from_slice(fields);
    client
        .post(format!(
            "{origin}{}",
            prefcentre_app::newsletter::api::SaveProfile::PATH
        ))
        .header("origin", origin)
        .header("sec-fetch-site", "same-origin")
        .form(&form)
        .send()
        .await
        .is_ok_and(|r| r.status().is_redirection())
}

/// Two instances on one PostgreSQL database: a session made on one works on the other, 100
/// concurrent changes of one person spread over both agree in ledger and state, each queued
/// mail is sent once, and the change feed read from either has no gap and no repeat.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_two_instances_share_sessions_mail_and_one_ordered_feed() {
    let database = TestDatabase::create(Backend::Postgres).await;
    let url = database.url.clone();
    let folder = database.folder();
    let app = TestApp::spawn_on(database, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
    prefcentre_app::demo::seed_demo(&app.ctx).await.unwrap();
    let sink = SmtpSink::start();
    let (mut first, a) = start_server(&url, &sink, &folder).await;
    let (mut second, b) = start_server(&url, &sink, &folder).await;

    // Signed in on one, signed in on the other (cookies do not depend on the port).
    let client = common::browser::html_client();
    let page = client
        .get(format!("{a}sign-in"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = common::browser::extract_csrf(&page).unwrap();
    let signed_in = client
        .post(format!(
            "{}{}",
            a.trim_end_matches('/'),
            prefcentre_app::auth::api::SignIn::PATH
        ))
        .header("origin", a.trim_end_matches('/'))
        .header("sec-fetch-site", "same-origin")
        .form(&[
            ("email", "ada.lindqvist@example.com"),
            ("password", "demo passphrase for Ada"),
            ("csrf_token", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert!(signed_in.status().is_redirection());
    let account = client.get(format!("{b}account")).send().await.unwrap();
    assert_eq!(account.status(), 200);
    assert!(
        account
            .text()
            .await
            .unwrap()
            .contains("ada.lindqvist@example.com"),
        "the other instance knows the session"
    );

    // 100 concurrent saves of one person's profile, alternating off and on, half on each.
    let reader = people_with_topics(&app, 1).await[0];
    let now = chrono::Utc::now();
    let mut tasks = Vec::new();
    for n in 0..100 {
        let base = if n % 2 == 0 { a.clone() } else { b.clone() };
        let link =
            profile_url(&app.ctx, reader, now).replace(app.ctx.public.base_url.as_str(), &base);
        tasks.push(tokio::spawn(async move {
            let fields: &[(&str, &str)] = if n % 4 < 2 {
                &[("everything_off", "yes")]
            } else {
                &[("choices[newsletter]", "on"), ("choices[surveys]", "on")]
            };
            save_profile(&link, &base, fields).await
        }));
    }
    let mut answered = 0;
    for task in tasks {
        answered += usize::from(task.await.unwrap());
    }
    assert_eq!(answered, 100, "every save answered");
    let entries = evidence_agrees(&app).await;
    let history = ledger::Entity::find()
        .filter(ledger::Column::PersonId.eq(reader))
        .all(&app.ctx.db)
        .await
        .unwrap();
    for topic in TOPICS {
        let mut states: Vec<_> = history.iter().filter(|e| e.topic_key == topic).collect();
        states.sort_by_key(|e| e.seq);
        assert!(
            states
                .windows(2)
                .all(|w| w[0].state != w[1].state && w[1].previous_state == w[0].state),
            "{topic}: each change starts from the one before"
        );
    }

    // Each mail the two queued meanwhile is delivered once.
    let mut queued = 0;
    for _ in 0..300 {
        queued = outbox::Entity::find().count(&app.ctx.db).await.unwrap();
        if outbox_open(&app).await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(outbox_open(&app).await, 0);
    let received = sink.wait_for(queued as usize).await;
    let distinct: BTreeSet<_> = received.iter().map(|m| m.message_id.clone()).collect();
    assert_eq!(
        (received.len(), distinct.len()),
        (queued as usize, queued as usize),
        "each mail once, none twice"
    );

    // The feed, read from either instance, is the whole ledger once, in order.
    let key = prefcentre_app::sender::api_keys::create(
        &app.ctx.db,
        "test",
        &[prefcentre_app::sender::api_keys::Scope::ReadAudience],
        now,
    )
    .await
    .unwrap();
    for base in [&a, &b] {
        let mut since = 0;
        let mut positions = Vec::new();
        loop {
            let page: serde_json::Value = reqwest::Client::new()
                .get(format!("{base}api/v1/changes?since={since}&limit=37"))
                .bearer_auth(&key)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let changes = page["changes"].as_array().unwrap();
            if changes.is_empty() {
                break;
            }
            positions.extend(
                changes
                    .iter()
                    .filter(|c| c["kind"] == "consent")
                    .map(|c| c["seq"].as_i64().unwrap()),
            );
            since = page["next_cursor"].as_i64().unwrap();
        }
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "in order, no repeats"
        );
        assert_eq!(
            positions.len() as u64,
            entries,
            "no gaps: every ledger entry"
        );
    }
    println!(
        "two instances: 100 concurrent changes of one person answered 100, ledger entries {entries} agree with the state; mails queued {queued}, delivered {}, doubled {}",
        distinct.len(),
        received.len() - distinct.len()
    );
    for server in [&mut first, &mut second] {
        server.kill().unwrap();
        let _ = server.wait();
    }
}

/// A TCP proxy in front of PostgreSQL that the test can cut (every connection dropped, new
/// ones refused) and restore: a database restart, as the app sees it.
struct Outage {
    port: u16,
    open: Arc<std::sync::atomic::AtomicBool>,
    links: Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl Outage {
    async fn start(target: std::net::SocketAddr) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let open = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let links: Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>> = Arc::default();
        let (accepting, tasks) = (open.clone(), links.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !accepting.load(Ordering::SeqCst) {
                    continue; // dropped: the connection is refused
                }
                tasks.lock().unwrap().push(tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                }));
            }
        });
        Self { port, open, links }
    }

    fn cut(&self) {
        self.open.store(false, Ordering::SeqCst);
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    fn restore(&self) {
        self.open.store(true, Ordering::SeqCst);
    }
}

/// PostgreSQL restarts under load: requests meanwhile get the "back in a moment" page (503,
/// `Retry-After`) and change nothing half-way; once it is back the same process serves again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_a_database_restart_under_load_is_503_then_the_service_recovers() {
    let database = TestDatabase::create(Backend::Postgres).await;
    let mut through = url::Url::parse(&database.url).unwrap();
    let target = format!(
        "{}:{}",
        through.host_str().unwrap(),
        through.port().unwrap_or(5432)
    )
    .parse()
    .unwrap();
    let outage = Outage::start(target).await;
    through.set_port(Some(outage.port)).unwrap();
    let app = TestApp::spawn_on(
        database,
        &[
            ("PREFCENTRE_DELIVER_MAIL", "false"),
            ("DATABASE_URL", through.as_str()),
        ],
    )
    .await;
    let people = people_with_topics(&app, 30).await;
    let now = chrono::Utc::now();
    let unsubscribe = |n: usize| {
        let url = unsubscribe_url(
            &app.ctx,
            people[n % people.len()],
            TOPICS[n / people.len()],
            now,
        );
        async move {
            let response = post_one_click(url).await;
            let retry = response.headers().get("retry-after").is_some();
            (
                response.status().as_u16(),
                retry,
                response.text().await.unwrap(),
            )
        }
    };
    for n in 0..10 {
        assert_eq!(unsubscribe(n).await.0, 200);
    }
    outage.cut();
    let mut during = BTreeMap::new();
    for n in 10..40 {
        let (status, retry, body) = unsubscribe(n).await;
        *during.entry(status).or_insert(0) += 1;
        assert_eq!(status, 503, "the database is down: {body}");
        assert!(
            retry && body.contains("Back in a moment"),
            "the friendly page, with when to come back"
        );
        if n >= 13 {
            break; // each waits out the pool's acquire timeout: a few are enough
        }
    }
    outage.restore();
    let mut after = 0;
    for n in 40..70 {
        let (status, _, _) = unsubscribe(n).await;
        after += usize::from(status == 200);
    }
    assert_eq!(
        after, 30,
        "the same process serves again, without a restart"
    );
    let withdrawn = state::Entity::find()
        .filter(state::Column::State.eq("withdrawn"))
        .count(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(
        withdrawn, 40,
        "the 10 before and the 30 after; none of those refused"
    );
    evidence_agrees(&app).await;
    println!("database restart: {during:?} while down, {after}/30 answered after");
}

/// A rolling deploy's SIGTERM while the outbox is sending: the batch under way is finished and
/// recorded before the process ends, so no message is left claimed by a process that is gone
/// (to be sent again, twice, once its claim runs out).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_sigterm_mid_delivery_finishes_what_was_being_sent() {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let (url, folder) = (database.url.clone(), database.folder());
    let app = TestApp::spawn_on(database, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
    let sink = SmtpSink::start();
    let people = people_with_topics(&app, 300).await;
    queue_sign_in_links(&app, &people, chrono::Utc::now()).await;

    let (mut server, _) = start_server(&url, &sink, &folder).await;
    while sink.received().len() < 20 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let sent_before_term = sink.received().len();
    assert!(
        sent_before_term < people.len(),
        "still sending when told to stop"
    );
    assert!(
        Command::new("kill")
            .arg("-TERM")
            .arg(server.id().to_string())
            .status()
            .unwrap()
            .success()
    );
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(25),
            "the drain is bounded"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "a clean exit: {status:?}");
    let sending = outbox::Entity::find()
        .filter(outbox::Column::Status.eq(outbox::Status::Sending))
        .count(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(
        sending, 0,
        "nothing left claimed by the process that stopped"
    );
    let sent = outbox::Entity::find()
        .filter(outbox::Column::Status.eq(outbox::Status::Sent))
        .count(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(
        sent as usize,
        sink.received().len(),
        "every message the server took is recorded as sent"
    );
    println!(
        "SIGTERM after {sent_before_term} of {} sent: {sent} recorded sent, 0 left claimed, exit in {:?}",
        people.len(),
        started.elapsed()
    );
}

/// Makes a file read-only for this process, whoever it runs as (root ignores permission bits,
/// so root makes it immutable), or writable again.
fn set_read_only(path: &std::path::Path, read_only: bool) {
    if !read_only {
        // (An immutable file's permissions cannot be changed either.)
        let _ = Command::new("chattr").arg("-i").arg(path).status();
    }
    let mut permissions = std::fs::metadata(path).unwrap().permissions();
    permissions.set_readonly(read_only);
    std::fs::set_permissions(path, permissions).unwrap();
    let writable = std::fs::OpenOptions::new().append(true).open(path).is_ok();
    if writable == read_only {
        let status = Command::new("chattr")
            .arg(if read_only { "+i" } else { "-i" })
            .arg(path)
            .status()
            .expect("chattr (e2fsprogs) makes a file read-only for root");
        assert!(status.success(), "chattr on {}", path.display());
    }
}

/// The server's file-size limit (`RLIMIT_FSIZE`, soft; the hard limit stays unlimited, so it
/// can be raised again): past it every write that grows a file fails, as on a full disk.
fn limit_file_size(server: &Child, limit: Option<u64>) {
    let soft = limit.map_or("unlimited".to_owned(), |l| l.to_string());
    let status = Command::new("prlimit")
        .arg(format!("--pid={}", server.id()))
        .arg(format!("--fsize={soft}:unlimited"))
        .status()
        .expect("prlimit (util-linux) sets the server's file-size limit");
    assert!(status.success());
}

/// A mail client's one-click unsubscribe (RFC 8058), asking for a page as a browser would.
async fn post_one_click(url: String) -> reqwest::Response {
    reqwest::Client::new()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap()
}

/// One one-click withdrawal; its status and which "try again later" page answered, if one did
/// (the storage page, or the busy page a write can meet just after a storage failure).
async fn one_click(app: &TestApp, base: &str, person: Uuid, topic: &str) -> (u16, &'static str) {
    let url = unsubscribe_url(&app.ctx, person, topic, chrono::Utc::now())
        .replace(app.ctx.public.base_url.as_str(), base);
    let response = post_one_click(url).await;
    let status = response.status().as_u16();
    let retry_after = response.headers().get("retry-after").cloned();
    let page = response.text().await.unwrap();
    let retry_after = retry_after.as_ref().and_then(|v| v.to_str().ok());
    let storage_title = prefcentre_app::i18n::tr!(prefcentre_app::i18n::Locale::en, common.storage_title);
    let page = if page.contains(storage_title) && retry_after == Some("60") {
        "storage"
    } else if page.contains(prefcentre_app::i18n::tr!(prefcentre_app::i18n::Locale::en, common.busy_title)) && retry_after == Some("5") {
        "busy"
    } else {
        ""
    };
    (status, page)
}

/// A full disk under a running server (simulated by the server's file-size limit, which fails
/// writes the way a full disk does, without root): every write it refuses is a clear 503 page
/// with `Retry-After` and changes nothing, pages that only read go on, nothing is corrupted,
/// and once there is room the same process writes again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_full_disk_is_a_clear_503_and_writes_resume_when_there_is_room() {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let url = database.url.clone();
    let folder = database.folder();
    let app = TestApp::spawn_on(database, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
    let sink = SmtpSink::start();
    let people = people_with_topics(&app, 400).await;
    let mut work = people
        .iter()
        .flat_map(|p| TOPICS.iter().map(move |t| (*p, *t)));

    // SIGXFSZ ignored (and so inherited by the binary): a write past the limit fails, as
    // on a full disk, instead of killing the process.
    let mut command = Command::new("/bin/sh");
    command.args(["-c", "trap '' XFSZ; exec \"$0\"", env!("CARGO_BIN_EXE_prefcentre")]);
    let (mut server, base) = start_server_by(command, &url, &sink, &folder).await;
    let mut acknowledged = Vec::new();
    for _ in 0..20 {
        let (person, topic) = work.next().unwrap();
        assert_eq!(one_click(&app, &base, person, topic).await, (200, ""));
        acknowledged.push((person, topic));
    }

    // The disk fills: no file of the server's may grow past the database's size now.
    let file = url.trim_start_matches("sqlite://").split('?').next().unwrap();
    let size = std::fs::metadata(file).unwrap().len();
    limit_file_size(&server, Some(size));
    let mut refused = Vec::new();
    let mut storage_pages = 0;
    for (person, topic) in work.by_ref() {
        match one_click(&app, &base, person, topic).await {
            (200, "") => acknowledged.push((person, topic)),
            (503, page @ ("storage" | "busy")) => {
                storage_pages += usize::from(page == "storage");
                refused.push((person, topic));
            }
            other => panic!("a write on a full disk answered {other:?}"),
        }
        if refused.len() == 20 {
            break;
        }
    }
    assert_eq!(refused.len(), 20, "the full disk refused writes");
    assert!(storage_pages > 0, "the storage page said why");
    for (person, topic) in &refused {
        assert_eq!(
            state_of(&app, *person, topic).await.as_deref(),
            Some("granted"),
            "a refused withdrawal changed nothing"
        );
    }
    let home = reqwest::get(&base).await.unwrap();
    assert_eq!(home.status(), 200, "a page that only reads is served");

    // Room again: the same process takes the refused withdrawals.
    limit_file_size(&server, None);
    for (person, topic) in &refused {
        assert_eq!(one_click(&app, &base, *person, topic).await, (200, ""));
    }
    server.kill().unwrap();
    let _ = server.wait();

    use sea_orm::ConnectionTrait;
    let check = app
        .ctx
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(check.try_get_by_index::<String>(0).unwrap(), "ok");
    for (person, topic) in acknowledged.iter().chain(&refused) {
        assert_eq!(
            state_of(&app, *person, topic).await.as_deref(),
            Some("withdrawn"),
            "an acknowledged withdrawal"
        );
    }
    let entries = evidence_agrees(&app).await;
    println!(
        "full disk: {} withdrawals acknowledged, {} refused with 503 while full ({storage_pages} with the storage page, the rest busy) and taken once there was room; ledger entries {entries}; integrity ok",
        acknowledged.len(),
        refused.len()
    );
}

/// A database file the server may only read stops the start with one line naming the cause
/// (SQLite would open it read-only without complaint and fail every write); made writable, it
/// serves and writes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_read_only_database_file_stops_the_start_in_one_line_and_serves_once_writable() {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let url = database.url.clone();
    let folder = database.folder();
    let app = TestApp::spawn_on(database, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
    let sink = SmtpSink::start();
    let person = people_with_topics(&app, 1).await[0];
    let file = std::path::PathBuf::from(url.trim_start_matches("sqlite://").split('?').next().unwrap());

    set_read_only(&file, true);
    let output = Command::new(env!("CARGO_BIN_EXE_prefcentre"))
        .arg("migrate")
        .current_dir(&folder)
        .env_clear()
        .env("DATABASE_URL", &url)
        .env("PREFCENTRE_SECRET_KEY", TEST_SECRET)
        .output()
        .unwrap();
    set_read_only(&file, false);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "refused to start: {stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains("cannot write the database: its storage refused")
            && stderr.contains("readonly"),
        "names the cause: {stderr}"
    );

    let (mut server, base) = start_server(&url, &sink, &folder).await;
    assert_eq!(one_click(&app, &base, person, TOPICS[0]).await, (200, ""));
    server.kill().unwrap();
    let _ = server.wait();
    assert_eq!(
        state_of(&app, person, TOPICS[0]).await.as_deref(),
        Some("withdrawn")
    );
}
