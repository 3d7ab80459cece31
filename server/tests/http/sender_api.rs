//! The sender API: keys and scopes, the audience against the rule, suppression, delivery
//! events, the change feed, webhooks, and import.

use crate::common;

use std::sync::{Arc, Mutex};

use chrono::Duration;
use common::TestApp;
use prefcentre_app::consents::model::{ConsentState, Source};
use prefcentre_app::store::{consent_ledger as ledger, consent_states as state};
use prefcentre_app::consents::ssr::{
    audience::{Recipient, may_send},
    ledger::{Who, set_states},
};
use prefcentre_app::demo::seed_demo;
use prefcentre_app::domain::EmailAddress;
use prefcentre_app::store::people;
use prefcentre_app::platform::{audit::Actor, clock::Clock, db::begin_write, request::RequestInfo, suppression};
use prefcentre_app::sender::{
    api_keys::{self, Scope},
    import::import,
    webhooks,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
};

async fn key(app: &TestApp, scopes: &[Scope]) -> String {
    api_keys::create(&app.ctx.db, "test", scopes, app.clock.now())
        .await
        .unwrap()
}

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

async fn person(app: &TestApp, email: &str) -> people::Model {
    people::Entity::find()
        .filter(people::Column::Email.eq(email))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
}

async fn grant(app: &TestApp, id: uuid::Uuid, topic: &str, to: ConsentState) {
    let request = RequestInfo::default();
    let who = Who {
        source: Source::Import,
        actor: Actor::System,
        reason: None,
        request: &request,
    };
    let txn = begin_write(&app.ctx.db).await.unwrap();
    set_states(&app.ctx, &txn, id, &[(topic.to_owned(), to)], &who)
        .await
        .unwrap();
    txn.commit().await.unwrap();
}

async fn new_person(app: &TestApp, email: &str, confirmed: bool) -> uuid::Uuid {
    let id = uuid::Uuid::now_v7();
    let now = app.clock.now();
    people::ActiveModel {
        id: Set(id),
        email: Set(email.to_owned()),
        email_verified_at: Set(confirmed.then_some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&app.ctx.db)
    .await
    .unwrap();
    id
}

on_both_backends! {
    async fn no_cell_of_the_audience_csv_can_run_as_a_formula(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let mut jonas = person(&app, "jonas.berg@example.net").await.into_active_model();
        jonas.full_name = Set(Some("@SUM(1+1)*cmd|' /C calc'!A0".to_owned()));
        jonas.update(&app.ctx.db).await.unwrap();
        let reader = key(&app, &[Scope::ReadAudience]).await;
        let csv = client().get(app.url("/api/v1/audience?topic=newsletter&format=csv")).bearer_auth(&reader).send().await.unwrap().text().await.unwrap();
        let names: Vec<String> = csv::Reader::from_reader(csv.as_bytes()).records().map(|r| r.unwrap()[1].to_owned()).collect();
        assert!(names.contains(&"'@SUM(1+1)*cmd|' /C calc'!A0".to_owned()), "{csv}");
    }

    async fn keys_are_required_and_scoped(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let url = app.url("/api/v1/audience?topic=newsletter");
        let none = client().get(&url).send().await.unwrap();
        assert_eq!(none.status(), 401);
        assert!(none.json::<serde_json::Value>().await.unwrap()["error"].is_string());
        // The key is checked before anything else: without one, a malformed request learns
        // nothing about what the route expects.
        let bare = client().get(app.url("/api/v1/audience")).send().await.unwrap();
        assert_eq!(bare.status(), 401);
        let wrong = client().get(&url).bearer_auth("pc_000000000000_0000000000000000000000000000000000000000").send().await.unwrap();
        assert_eq!(wrong.status(), 401);
        let events_only = key(&app, &[Scope::WriteEvents]).await;
        assert_eq!(client().get(&url).bearer_auth(&events_only).send().await.unwrap().status(), 403);
        let reader = key(&app, &[Scope::ReadAudience]).await;
        assert_eq!(client().get(&url).bearer_auth(&reader).send().await.unwrap().status(), 200);
        let missing = client().get(app.url("/api/v1/audience?topic=nonsense")).bearer_auth(&reader).send().await.unwrap();
        assert_eq!(missing.status(), 404);
        let post = client().post(app.url("/api/v1/events")).bearer_auth(&reader).json(&serde_json::json!({"type": "complaint", "email": "a@example.org"})).send().await.unwrap();
        assert_eq!(post.status(), 403, "no CSRF token needed, but the scope is");
    }

    async fn the_audience_is_exactly_who_the_rule_allows_with_their_links(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let granted = new_person(&app, "granted@example.org", true).await;
        grant(&app, granted, "newsletter", ConsentState::Granted).await;
        let unconfirmed = new_person(&app, "unconfirmed@example.org", false).await;
        grant(&app, unconfirmed, "newsletter", ConsentState::Granted).await;
        let withdrawn = new_person(&app, "withdrawn@example.org", true).await;
        grant(&app, withdrawn, "newsletter", ConsentState::Withdrawn).await;
        let pending = new_person(&app, "pending@example.org", true).await;
        grant(&app, pending, "newsletter", ConsentState::Pending).await;
        let restricted = new_person(&app, "restricted@example.org", true).await;
        grant(&app, restricted, "newsletter", ConsentState::Granted).await;
        let mut r = people::Entity::find_by_id(restricted).one(&app.ctx.db).await.unwrap().unwrap().into_active_model();
        r.restricted_at = Set(Some(chrono::Utc::now()));
        r.update(&app.ctx.db).await.unwrap();

        let reader = key(&app, &[Scope::ReadAudience]).await;
        let body = client().get(app.url("/api/v1/audience?topic=newsletter")).bearer_auth(&reader).send().await.unwrap();
        assert_eq!(body.headers()["content-type"], "application/x-ndjson");
        let lines: Vec<serde_json::Value> = body.text().await.unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let mut emails: Vec<_> = lines.iter().map(|l| l["email"].as_str().unwrap().to_owned()).collect();
        emails.sort();

        let mut expected = Vec::new();
        for p in people::Entity::find().all(&app.ctx.db).await.unwrap() {
            let consent = state::Entity::find_by_id((p.id, "newsletter".to_owned())).one(&app.ctx.db).await.unwrap().map(|s| s.state);
            if may_send(Recipient::of(&p), false, consent) {
                expected.push(p.email);
            }
        }
        expected.sort();
        assert_eq!(emails, expected);
        assert_eq!(emails, vec!["ada.lindqvist@example.com", "granted@example.org", "jonas.berg@example.net"]);
        let line = lines.iter().find(|l| l["email"] == "granted@example.org").unwrap();
        assert!(line["profile_url"].as_str().unwrap().starts_with(&app.url("/p?t=")));
        assert!(line["list_unsubscribe"].as_str().unwrap().starts_with(&format!("<{}", app.url("/u?t="))));
        assert_eq!(line["list_unsubscribe_post"], "List-Unsubscribe=One-Click");

        // The unsubscribe URL handed out works.
        let url = line["list_unsubscribe"].as_str().unwrap().trim_start_matches('<').split('>').next().unwrap().to_owned();
        let done = client().post(&url).header("content-type", "application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click").send().await.unwrap();
        assert_eq!(done.status(), 200);

        let csv = client().get(app.url("/api/v1/audience?topic=newsletter&format=csv")).bearer_auth(&reader).send().await.unwrap().text().await.unwrap();
        assert!(csv.starts_with("email,name,language,profile_url,list_unsubscribe,list_unsubscribe_post,person_id\n"));
        assert_eq!(csv.lines().count(), 1 + 2, "granted@ unsubscribed a moment ago");
    }

    async fn the_check_answers_yes_or_no_for_anyone_including_the_erased(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let reader = key(&app, &[Scope::ReadAudience]).await;
        let check = |email: &str| {
            let url = app.url(&format!("/api/v1/suppressions/check?email={email}&topic=newsletter"));
            let reader = reader.clone();
            async move { client().get(url).bearer_auth(reader).send().await.unwrap().json::<serde_json::Value>().await.unwrap() }
        };
        assert_eq!(check("jonas.berg@example.net").await, serde_json::json!({ "may_send": true }));
        assert_eq!(check("stranger@example.org").await, serde_json::json!({ "may_send": false }));
        let erased = EmailAddress::parse("erased@example.org").unwrap();
        suppression::suppress_hash(&app.ctx.db, &erased, "erased", app.clock.now()).await.unwrap();
        assert_eq!(check("Erased@Example.org").await, serde_json::json!({ "may_send": false }));

        let list = client().get(app.url("/api/v1/suppressions")).bearer_auth(&reader).send().await.unwrap().text().await.unwrap();
        assert!(list.lines().any(|l| l.contains("email_hash") && l.contains("\"key_version\":1")), "{list}");
        assert!(!list.contains("erased@example.org"));
    }

    async fn a_complaint_stops_all_sending_and_is_in_the_ledger(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let writer = key(&app, &[Scope::WriteEvents]).await;
        let response = client().post(app.url("/api/v1/events")).bearer_auth(&writer).json(&serde_json::json!({"type": "complaint", "email": "Jonas.Berg@example.net"})).send().await.unwrap();
        assert_eq!(response.status(), 202);
        let jonas = person(&app, "jonas.berg@example.net").await;
        assert!(jonas.bounced_at.is_some());
        let entry = ledger::Entity::find().filter(ledger::Column::PersonId.eq(jonas.id)).filter(ledger::Column::Source.eq("api")).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!((entry.state.as_str(), entry.reason.as_deref()), ("withdrawn", Some("complaint")));

        let reader = key(&app, &[Scope::ReadAudience]).await;
        let audience = client().get(app.url("/api/v1/audience?topic=newsletter")).bearer_auth(&reader).send().await.unwrap().text().await.unwrap();
        assert!(!audience.contains("jonas.berg"));
        let list = client().get(app.url("/api/v1/suppressions")).bearer_auth(&reader).send().await.unwrap().text().await.unwrap();
        assert!(list.contains("{\"email\":\"jonas.berg@example.net\",\"reason\":\"bounced\"}"), "{list}");

        let stranger = client().post(app.url("/api/v1/events")).bearer_auth(&writer).json(&serde_json::json!({"type": "hard_bounce", "email": "nobody@example.org"})).send().await.unwrap();
        assert_eq!(stranger.status(), 202, "accepted, and nothing revealed");
        let malformed = client().post(app.url("/api/v1/events")).bearer_auth(&writer).body("{}").send().await.unwrap();
        assert_eq!(malformed.status(), 400);
    }

    async fn the_sender_revokes_a_persons_profile_links(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let jonas = person(&app, "jonas.berg@example.net").await;
        let link = prefcentre_app::platform::newsletter_links::profile_url(&app.ctx, jonas.id, app.clock.now());
        app.clock.advance(Duration::seconds(1));
        let reader = key(&app, &[Scope::ReadAudience]).await;
        let refused = client().post(app.url("/api/v1/links/revoke")).bearer_auth(&reader).json(&serde_json::json!({"email": "jonas.berg@example.net"})).send().await.unwrap();
        assert_eq!(refused.status(), 403, "writing needs write:events");
        let writer = key(&app, &[Scope::WriteEvents]).await;
        for email in ["Jonas.Berg@example.net", "nobody@example.org"] {
            let response = client().post(app.url("/api/v1/links/revoke")).bearer_auth(&writer).json(&serde_json::json!({ "email": email })).send().await.unwrap();
            assert_eq!(response.status(), 202, "{email}: the same answer for anyone");
        }
        assert!(app.visitor().get(&link).await.contains("Get a new link"));
        let malformed = client().post(app.url("/api/v1/links/revoke")).bearer_auth(&writer).body("{}").send().await.unwrap();
        assert_eq!(malformed.status(), 400);
    }

    async fn the_change_feed_pages_by_cursor(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let reader = key(&app, &[Scope::ReadAudience]).await;
        let page = |since: i64| {
            let url = app.url(&format!("/api/v1/changes?since={since}&limit=2"));
            let reader = reader.clone();
            async move { client().get(url).bearer_auth(reader).send().await.unwrap().json::<serde_json::Value>().await.unwrap() }
        };
        let first = page(0).await;
        assert_eq!(first["changes"].as_array().unwrap().len(), 2);
        let cursor = first["next_cursor"].as_i64().unwrap();
        let second = page(cursor).await;
        assert!(second["changes"][0]["seq"].as_i64().unwrap() > cursor);
        let mut all = 0;
        let mut cursor = 0;
        loop {
            let next = page(cursor).await;
            let got = next["changes"].as_array().unwrap().len();
            if got == 0 {
                assert_eq!(next["next_cursor"].as_i64().unwrap(), cursor, "nothing new: the cursor stays");
                break;
            }
            all += got;
            cursor = next["next_cursor"].as_i64().unwrap();
        }
        assert_eq!(all, 4, "Ada's three seeded consents and Jonas's one");
    }

    async fn restriction_erasure_bounces_and_complaints_reach_the_feed(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let reader = key(&app, &[Scope::ReadAudience]).await;
        let writer = key(&app, &[Scope::WriteEvents]).await;
        let (_, start) = read_feed(&app, &reader, 0).await;
        let ada = person(&app, "ada.lindqvist@example.com").await;
        let jonas = person(&app, "jonas.berg@example.net").await;
        let request = RequestInfo::default();
        use prefcentre_app::rights::ssr::{erasure, requests::Channel, restriction};
        restriction::restrict(&app.ctx, &request, ada.id, Channel::Person, None).await.unwrap();
        restriction::lift(&app.ctx, &request, ada.id, Channel::Person, None).await.unwrap();
        for kind in ["complaint", "hard_bounce"] {
            let response = client().post(app.url("/api/v1/events")).bearer_auth(&writer).json(&serde_json::json!({"type": kind, "email": "jonas.berg@example.net"})).send().await.unwrap();
            assert_eq!(response.status(), 202);
        }
        erasure::erase(&app.ctx, &request, ada.id, Channel::Person, None).await.unwrap();

        let (events, _) = read_feed(&app, &reader, start).await;
        let of = |id: uuid::Uuid| -> Vec<String> {
            events.iter().filter(|e| e["person_id"] == id.to_string()).map(|e| match e["kind"].as_str().unwrap() {
                "consent" => format!("consent {} {}", e["topic"].as_str().unwrap(), e["state"].as_str().unwrap()),
                other => other.to_owned(),
            }).collect()
        };
        assert_eq!(of(jonas.id), vec!["complained", "consent newsletter withdrawn", "bounced"], "the complaint withdrew his one topic; the bounce found nothing left on");
        let ada_events = of(ada.id);
        assert_eq!(&ada_events[..3], ["restricted", "restriction_lifted", "erased"]);
        assert!(ada_events[3..].iter().all(|e| e.starts_with("consent ") && e.ends_with(" withdrawn")) && ada_events.len() > 3, "{ada_events:?}");
        let erased = events.iter().find(|e| e["kind"] == "erased").unwrap();
        assert!(erased["email"].is_null(), "the address is not in the feed");
        let hash = erased["email_hash"].as_str().unwrap();
        let list = client().get(app.url("/api/v1/suppressions")).bearer_auth(&reader).send().await.unwrap().text().await.unwrap();
        assert!(list.contains(hash), "the hash is the one on the suppression list");
        let positions: Vec<i64> = events.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "in order, no repeats");
    }

    async fn webhooks_are_signed_and_retried_until_accepted(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let received: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
        let failing = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let receiver = {
            let received = received.clone();
            let failing = failing.clone();
            axum::Router::new().route("/hook", axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
                let received = received.clone();
                let failing = failing.clone();
                async move {
                    if failing.load(std::sync::atomic::Ordering::SeqCst) {
                        return axum::http::StatusCode::INTERNAL_SERVER_ERROR;
                    }
                    let signature = headers["x-prefcentre-signature"].to_str().unwrap().to_owned();
                    received.lock().unwrap().push((signature, body));
                    axum::http::StatusCode::OK
                }
            }))
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, receiver).await });
        let url = url::Url::parse(&format!("http://{address}/hook")).unwrap();
        let (_, secret) = webhooks::create(&app.ctx, &url).await.unwrap();
        assert_eq!(webhooks::deliver_due(&app.ctx).await.unwrap(), 0, "a new webhook starts at the end of the feed");
        let jonas = person(&app, "jonas.berg@example.net").await;
        for to in [ConsentState::Withdrawn, ConsentState::Granted, ConsentState::Withdrawn, ConsentState::Granted] {
            grant(&app, jonas.id, "newsletter", to).await;
        }

        assert_eq!(webhooks::deliver_due(&app.ctx).await.unwrap(), 0, "the receiver fails");
        failing.store(false, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(webhooks::deliver_due(&app.ctx).await.unwrap(), 0, "not due before the back-off");
        app.clock.advance(Duration::minutes(2));
        assert_eq!(webhooks::deliver_due(&app.ctx).await.unwrap(), 1);

        let (signature, body) = received.lock().unwrap()[0].clone();
        let t: i64 = signature.split(',').next().unwrap().trim_start_matches("t=").parse().unwrap();
        let at = chrono::DateTime::from_timestamp(t, 0).unwrap();
        assert_eq!(signature, webhooks::signature(&secret, at, body.as_bytes()), "the receiver can verify it");
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(page["changes"].as_array().unwrap().len(), 4);
        assert_eq!(webhooks::deliver_due(&app.ctx).await.unwrap(), 0, "nothing new");

        // The webhook's secret is its own: rotating it changes it, the server secret does not.
        let hook = webhooks::list(&app.ctx.db).await.unwrap().remove(0);
        assert!(!hook.secret.as_deref().unwrap().contains(&secret), "stored sealed");
        let rotated = webhooks::rotate(&app.ctx, &app.ctx.db, hook.id).await.unwrap().unwrap();
        assert_ne!(rotated, secret);
    }

    async fn production_webhooks_post_only_over_https_to_public_addresses(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let mut strict = app.ctx.clone();
        strict.policy = Arc::new(prefcentre_app::platform::context::Policy { webhooks_public_https_only: true, ..(*app.ctx.policy).clone() });
        for target in ["http://hooks.example.com/in", "https://169.254.169.254/latest", "https://10.0.0.7/hook", "https://[::1]/hook", "https://localhost/hook"] {
            let url = url::Url::parse(target).unwrap();
            assert!(webhooks::create(&strict, &url).await.is_err(), "{target}");
        }
        assert!(webhooks::list(&app.ctx.db).await.unwrap().is_empty(), "nothing refused was stored");
        // A name that resolves to this machine gets no connection either, at send time.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = hits.clone();
        tokio::spawn(async move {
            while let Ok((_stream, _)) = listener.accept().await {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        });
        let url = url::Url::parse(&format!("https://localhost.:{port}/hook")).unwrap();
        let (id, _) = webhooks::create(&app.ctx, &url).await.unwrap();
        seed_demo(&app.ctx).await.unwrap();
        webhooks::deliver_due(&strict).await.unwrap();
        assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0, "no connection to a loopback address");
        let hook = webhooks::list(&app.ctx.db).await.unwrap().into_iter().find(|h| h.id == id).unwrap();
        assert!(hook.last_error.is_some() && hook.failures == 1, "{hook:?}");
    }

    async fn import_never_resubscribes_and_is_idempotent(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let jonas = person(&app, "jonas.berg@example.net").await;
        grant(&app, jonas.id, "newsletter", ConsentState::Withdrawn).await;
        suppression::suppress_hash(&app.ctx.db, &EmailAddress::parse("erased@example.org").unwrap(), "erased", app.clock.now()).await.unwrap();

        let csv = b"email,name,topics,source,consented_at\n\
            new.reader@example.org,New Reader,newsletter;surveys,Webinar sign-up form,2026-01-15\n\
            jonas.berg@example.net,,newsletter;surveys,Old CRM,2025-06-01\n\
            erased@example.org,,newsletter,Old CRM,2025-06-01\n\
            not-an-address,,newsletter,Old CRM,2025-06-01\n\
            x@example.org,,no_such_topic,Old CRM,2025-06-01\n\
            y@example.org,,newsletter,,2025-06-01\n\
            z@example.org,,newsletter,Old CRM,yesterday\n";
        let calls = Arc::new(Mutex::new(0));
        let counter = calls.clone();
        let report = import(&app.ctx, csv, &move |_, _| *counter.lock().unwrap() += 1).await.unwrap();
        assert_eq!(report.rows, 7);
        assert_eq!(*calls.lock().unwrap(), 7, "progress after every row");
        assert_eq!(report.people_created, 1);
        assert_eq!(report.consents_recorded, 3, "new reader's two, and surveys for Jonas");
        assert_eq!(report.skipped, vec![(4, "the address is suppressed".to_owned())]);
        assert_eq!(report.errors.iter().map(|(row, _)| *row).collect::<Vec<_>>(), vec![5, 6, 7, 8]);

        let newsletter = state::Entity::find_by_id((jonas.id, "newsletter".to_owned())).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!(newsletter.state.as_str(), "withdrawn", "a withdrawn person is not re-subscribed");
        let reader = person(&app, "new.reader@example.org").await;
        assert!(reader.email_verified_at.is_some());
        let entry = ledger::Entity::find().filter(ledger::Column::PersonId.eq(reader.id)).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!(entry.source.as_str(), "import");
        assert_eq!(entry.reason.as_deref(), Some("imported: Webinar sign-up form, consented 2026-01-15"));
        assert!(people::Entity::find().filter(people::Column::Email.eq("erased@example.org")).one(&app.ctx.db).await.unwrap().is_none());

        let again = import(&app.ctx, csv, &|_, _| {}).await.unwrap();
        assert_eq!((again.people_created, again.consents_recorded), (0, 0), "a second run changes nothing");
    }
}

/// Every change in the feed, from the start, read the way a sender reads it (page by page).
async fn read_feed(app: &TestApp, reader: &str, mut since: i64) -> (Vec<serde_json::Value>, i64) {
    let mut seen = Vec::new();
    loop {
        let url = app.url(&format!("/api/v1/changes?since={since}&limit=100"));
        let page: serde_json::Value = client()
            .get(url)
            .bearer_auth(reader)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let changes = page["changes"].as_array().unwrap().clone();
        if changes.is_empty() {
            return (seen, since);
        }
        since = page["next_cursor"].as_i64().unwrap();
        seen.extend(changes);
    }
}

/// PostgreSQL commits transactions out of the order they took their numbers in. A reader that
/// reads while an earlier transaction is still open must still get its change once it commits.
/// (On SQLite one writer at a time makes the two orders the same; the transaction held open
/// here would block the second writer.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_the_feed_hands_out_a_change_that_committed_after_a_later_one_was_read() {
    let app = TestApp::spawn_with(
        common::Backend::Postgres,
        &[("PREFCENTRE_DELIVER_MAIL", "false")],
    )
    .await;
    seed_demo(&app.ctx).await.unwrap();
    let reader = key(&app, &[Scope::ReadAudience]).await;
    let (_, start) = read_feed(&app, &reader, 0).await;
    let jonas = person(&app, "jonas.berg@example.net").await;
    let ada = person(&app, "ada.lindqvist@example.com").await;

    // The first writer takes its place in the feed and stays open.
    let request = RequestInfo::default();
    let who = Who {
        source: Source::Import,
        actor: Actor::System,
        reason: Some("held open"),
        request: &request,
    };
    let held = begin_write(&app.ctx.db).await.unwrap();
    set_states(
        &app.ctx,
        &held,
        jonas.id,
        &[("newsletter".to_owned(), ConsentState::Withdrawn)],
        &who,
    )
    .await
    .unwrap();
    // A second writer commits meanwhile, and a reader reads it.
    grant(&app, ada.id, "newsletter", ConsentState::Withdrawn).await;
    let (first, cursor) = read_feed(&app, &reader, start).await;
    assert_eq!(
        first
            .iter()
            .map(|c| c["person_id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>(),
        vec![ada.id.to_string()]
    );
    held.commit().await.unwrap();

    let (second, _) = read_feed(&app, &reader, cursor).await;
    let people: Vec<_> = second
        .iter()
        .map(|c| c["person_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        people,
        vec![jonas.id.to_string()],
        "Jonas's withdrawal reaches the reader"
    );
}
