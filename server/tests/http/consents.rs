//! Consents over HTTP and in the ledger: choosing, double opt-in, undo, locked service notices,
//! the audience rule as a query, and the ledger and the state agreeing under concurrency.

use crate::common;

use std::sync::Arc;

use chrono::Duration;
use common::{TestApp, browser::Browser, smtp::SmtpSink};
use leptos::server_fn::ServerFn;
use prefcentre_app::auth::api::SignIn;
use prefcentre_app::consents::api::{ConsentLink, SaveConsents, Subscribe, UnsubscribeAll};
use prefcentre_app::consents::model::{ConsentState, Source};
use prefcentre_app::store::{consent_ledger as ledger, consent_states as state};
use prefcentre_app::consents::ssr::{
    audience::{Recipient, audience_ids, may_send},
    ledger::{Who, choose, current_topics},
};
use prefcentre_app::demo::seed_demo;
use prefcentre_app::store::people;
use prefcentre_app::platform::{
    audit::Actor, db::begin_write, jobs::JobRunner, request::RequestInfo,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder,
};

const ADA: &str = "ada.lindqvist@example.com";
const ADA_PASSWORD: &str = "demo passphrase for Ada";

async fn signed_in(app: &TestApp) -> Browser {
    let mut browser = app.visitor();
    browser.get("/sign-in").await;
    browser
        .submit(SignIn::PATH, &[("email", ADA), ("password", ADA_PASSWORD)])
        .await;
    browser
}

async fn person(app: &TestApp, email: &str) -> people::Model {
    people::Entity::find()
        .filter(people::Column::Email.eq(email))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
}

async fn state_of(app: &TestApp, person_id: uuid::Uuid, topic: &str) -> Option<ConsentState> {
    state::Entity::find_by_id((person_id, topic.to_owned()))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .map(|s| s.state)
}

/// Every current state equals the last ledger entry of its person and topic, by sequence.
async fn assert_ledger_and_state_agree(app: &TestApp) {
    let states = state::Entity::find().all(&app.ctx.db).await.unwrap();
    assert!(!states.is_empty());
    for current in states {
        let last = ledger::Entity::find()
            .filter(ledger::Column::PersonId.eq(current.person_id))
            .filter(ledger::Column::TopicKey.eq(current.topic_key.clone()))
            .order_by_desc(ledger::Column::Seq)
            .one(&app.ctx.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (last.seq, last.state.as_str()),
            (current.last_seq, current.state.as_str()),
            "{}",
            current.topic_key
        );
    }
}

/// The consents form as the page posts it, with these topics ticked.
fn ticked(topics: &[&str]) -> Vec<(String, String)> {
    topics
        .iter()
        .map(|t| (format!("choices[{t}]"), "on".to_owned()))
        .collect()
}

async fn save(browser: &mut Browser, topics: &[&str]) -> common::browser::Page {
    browser.get("/account/consents").await;
    let form = ticked(topics);
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    browser.submit(SaveConsents::PATH, &fields).await
}

on_both_backends! {
    async fn the_page_shows_every_topic_with_its_words_and_nothing_ticked_by_default(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        // A fresh account: nothing chosen yet.
        let mut browser = app.visitor();
        browser.get("/sign-up").await;
        browser.submit(prefcentre_app::auth::api::SignUp::PATH, &[("name", "Nina"), ("email", "nina@example.org"), ("password", "nina's own passphrase")]).await;
        let link = sink.mail_to("nina@example.org", "Confirm your e-mail address").await.link_starting(&app.url("/verify-email?token=")).unwrap();
        browser.get(&link).await;
        browser.submit(prefcentre_app::auth::api::RedeemLink::PATH, &[("purpose", "confirm"), ("token", link.split("token=").nth(1).unwrap())]).await;

        let page = browser.get("/account/consents").await;
        for title in ["Newsletter", "Product announcements", "Offers on similar products", "Online surveys",
                      "Competitions and promotions", "Contact from our sales team", "Contact from partners"] {
            assert!(page.contains(title), "{title}");
        }
        assert!(page.contains("Let partners (resellers and distributors) receive my contact details"));
        assert!(!page.html.contains("checked"), "no pre-ticked boxes");
    }

    async fn three_toggles_make_one_ledger_change_and_one_mail_which_undoes_it(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        let mut browser = signed_in(&app).await;
        // Ada had newsletter, product announcements and surveys: drop two, add competitions.
        let page = save(&mut browser, &["newsletter", "competitions"]).await;
        assert!(page.contains("Your choices are saved."), "{}", page.html);
        assert_eq!(state_of(&app, ada.id, "competitions").await, Some(ConsentState::Granted));
        assert_eq!(state_of(&app, ada.id, "surveys").await, Some(ConsentState::Withdrawn));

        let changes = ledger::Entity::find().filter(ledger::Column::Source.eq("account page")).all(&app.ctx.db).await.unwrap();
        assert_eq!(changes.len(), 3);
        assert!(changes.iter().all(|e| e.change_id == changes[0].change_id), "one change");
        assert!(changes.iter().all(|e| e.policy_version == 1 && e.topic_version == 1 && !e.wording.is_empty()));
        assert_eq!(changes[0].ip.as_deref(), Some("127.0.0.1"));

        let mails = sink.wait_for(1).await;
        let mail = sink.mail_to(ADA, "Your choices are saved").await;
        assert_eq!(mails.iter().filter(|m| m.subject == "Your choices are saved").count(), 1, "one mail for the change");
        assert!(mail.text.contains("- Competitions and promotions: yes"));
        assert!(mail.text.contains("- Online surveys: no"));
        let undo = mail.link_starting(&app.url("/consents/undo?token=")).unwrap();

        let mut inbox = app.visitor();
        inbox.get(&undo).await;
        let page = inbox.submit(ConsentLink::PATH, &[("action", "undo"), ("token", undo.split("token=").nth(1).unwrap())]).await;
        assert!(page.contains("The change is undone."), "{}", page.html);
        assert_eq!(state_of(&app, ada.id, "competitions").await, Some(ConsentState::Withdrawn));
        assert_eq!(state_of(&app, ada.id, "surveys").await, Some(ConsentState::Granted));
        assert_eq!(ledger::Entity::find().filter(ledger::Column::Source.eq("undo")).count(&app.ctx.db).await.unwrap(), 3);

        inbox.get("/sign-in").await;
        let page = inbox.submit(ConsentLink::PATH, &[("action", "undo"), ("token", undo.split("token=").nth(1).unwrap())]).await;
        assert!(page.contains("This link has expired or has already been used."), "single use");
        assert_ledger_and_state_agree(&app).await;
    }

    async fn an_undo_is_refused_when_the_topics_changed_again_or_processing_is_restricted(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let mut browser = signed_in(&app).await;
        save(&mut browser, &["newsletter", "product_announcements", "surveys", "marketing"]).await;
        let first = sink.mail_to(ADA, "Your choices are saved").await.link_starting(&app.url("/consents/undo?token=")).unwrap();
        save(&mut browser, &["newsletter", "product_announcements", "surveys"]).await;

        let mut inbox = app.visitor();
        inbox.get(&first).await;
        let page = inbox.submit(ConsentLink::PATH, &[("action", "undo"), ("token", first.split("token=").nth(1).unwrap())]).await;
        assert!(page.contains("changed again since"), "{}", page.html);

        save(&mut browser, &["newsletter", "product_announcements", "surveys", "sales_contact"]).await;
        let mut latest = None;
        for _ in 0..200 {
            latest = sink.received().into_iter().rev().find(|m| m.text.contains("Contact from our sales team: yes"));
            if latest.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let latest = latest.expect("the third change's mail");
        let latest = latest.link_starting(&app.url("/consents/undo?token=")).unwrap();
        let mut ada = person(&app, ADA).await.into_active_model();
        ada.restricted_at = Set(Some(chrono::Utc::now()));
        ada.update(&app.ctx.db).await.unwrap();
        inbox.get(&latest).await;
        let page = inbox.submit(ConsentLink::PATH, &[("action", "undo"), ("token", latest.split("token=").nth(1).unwrap())]).await;
        assert!(page.contains("Processing of your data is restricted"), "{}", page.html);
        assert_eq!(state_of(&app, person(&app, ADA).await.id, "sales_contact").await, Some(ConsentState::Granted));
    }

    async fn unsubscribing_from_everything_takes_one_press(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        let mut browser = signed_in(&app).await;
        browser.get("/account/consents").await;
        let page = browser.submit(UnsubscribeAll::PATH, &[]).await;
        assert!(page.contains("You are unsubscribed from everything."));
        for topic in ["newsletter", "product_announcements", "surveys"] {
            assert_eq!(state_of(&app, ada.id, topic).await, Some(ConsentState::Withdrawn), "{topic}");
        }
    }

    async fn service_notices_stay_on_while_a_contract_runs_and_follow_the_choice_after(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        assert!(ada.active_contract);
        let mut browser = signed_in(&app).await;
        let page = browser.get("/account/consents").await;
        assert!(page.contains("Always on while you have an active contract"));
        let at = page.html.find("id=\"topic-service_notices\"").unwrap();
        assert!(page.html[at.saturating_sub(200)..at + 200].contains("disabled"));

        browser.get("/account/consents").await;
        browser.submit(UnsubscribeAll::PATH, &[]).await;
        let rule = |p: &people::Model, consent| may_send(Recipient::of(p), true, consent);
        let consent = state_of(&app, ada.id, "service_notices").await;
        assert!(rule(&person(&app, ADA).await, consent), "still sent with a contract");

        let mut ended = person(&app, ADA).await.into_active_model();
        ended.active_contract = Set(false);
        ended.update(&app.ctx.db).await.unwrap();
        let page = browser.get("/account/consents").await;
        assert!(!page.contains("Always on while you have an active contract"));
        assert!(!rule(&person(&app, ADA).await, state_of(&app, ada.id, "service_notices").await), "the choice counts now");
    }

    async fn a_stranger_subscribes_confirms_by_mail_and_only_then_is_in_the_audience(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        let mut browser = app.visitor();
        browser.get("/subscribe").await;
        let page = browser.submit(Subscribe::PATH, &[("email", "Reader@Example.org")]).await;
        assert!(page.contains("follow its link to confirm your subscription"));
        let reader = person(&app, "reader@example.org").await;
        assert_eq!(state_of(&app, reader.id, "newsletter").await, Some(ConsentState::Pending));
        assert!(audience_ids(&app.ctx.db, "newsletter", false).await.unwrap().is_empty(), "pending is not enough");

        let mail = sink.mail_to("reader@example.org", "Please confirm your subscription").await;
        assert!(!sink.received().iter().any(|m| m.subject == "Your choices are saved"), "only the confirmation request");
        let link = mail.link_starting(&app.url("/consents/confirm?token=")).unwrap();
        let mut scanner = app.visitor();
        scanner.get(&link).await;
        assert_eq!(state_of(&app, reader.id, "newsletter").await, Some(ConsentState::Pending), "opening the link changes nothing");

        browser.get(&link).await;
        let page = browser.submit(ConsentLink::PATH, &[("action", "confirm"), ("token", link.split("token=").nth(1).unwrap())]).await;
        assert!(page.contains("your subscription is confirmed"), "{}", page.html);
        assert_eq!(state_of(&app, reader.id, "newsletter").await, Some(ConsentState::Granted));
        assert!(person(&app, "reader@example.org").await.email_verified_at.is_some(), "the link proved the address");
        assert_eq!(audience_ids(&app.ctx.db, "newsletter", false).await.unwrap(), vec![reader.id]);
        let confirm = ledger::Entity::find().filter(ledger::Column::Source.eq("double opt-in confirm")).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!(confirm.state.as_str(), "granted");
        assert_ledger_and_state_agree(&app).await;
    }

    async fn subscribing_answers_alike_for_known_and_unknown_addresses(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let mut answers = Vec::new();
        for email in ["jonas.berg@example.net", "someone-new@example.org"] {
            let mut browser = app.visitor();
            browser.get("/subscribe").await;
            let response = browser.post(Subscribe::PATH, &[("email", email)]).await;
            answers.push((response.status(), response.headers()["location"].to_str().unwrap().to_owned()));
        }
        assert_eq!(answers[0], answers[1]);
    }

    async fn an_unconfirmed_subscription_is_deleted_after_thirty_days(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let mut browser = app.visitor();
        browser.get("/subscribe").await;
        browser.submit(Subscribe::PATH, &[("email", "never-confirms@example.org")]).await;
        let runner = || JobRunner::new(vec![Arc::new(prefcentre_app::rights::ssr::retention::RetentionPurge)]);
        app.clock.advance(Duration::days(29));
        runner().run_due(&app.ctx).await.unwrap();
        assert_eq!(people::Entity::find().count(&app.ctx.db).await.unwrap(), 1);
        app.clock.advance(Duration::days(2));
        runner().run_due(&app.ctx).await.unwrap();
        assert_eq!(people::Entity::find().count(&app.ctx.db).await.unwrap(), 0);
        assert_eq!(ledger::Entity::find().count(&app.ctx.db).await.unwrap(), 0);
    }

    async fn a_hundred_concurrent_changes_of_one_person_all_commit_and_the_state_is_the_last(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        let before = ledger::Entity::find().filter(ledger::Column::PersonId.eq(ada.id)).count(&app.ctx.db).await.unwrap();
        let mut tasks = Vec::new();
        for i in 0..100 {
            let ctx = app.ctx.clone();
            tasks.push(tokio::spawn(async move {
                let request = RequestInfo::default();
                let who = Who { source: Source::Api, actor: Actor::System, reason: None, request: &request };
                let txn = begin_write(&ctx.db).await.unwrap();
                choose(&ctx, &txn, ada.id, &[("surveys".to_owned(), i % 2 == 0)], &who).await.unwrap();
                txn.commit().await.unwrap();
            }));
        }
        for task in tasks {
            task.await.expect("every change commits");
        }
        let after = ledger::Entity::find().filter(ledger::Column::PersonId.eq(ada.id)).count(&app.ctx.db).await.unwrap();
        assert!(after > before, "changes were recorded");
        let last = ledger::Entity::find()
            .filter(ledger::Column::PersonId.eq(ada.id))
            .filter(ledger::Column::TopicKey.eq("surveys"))
            .order_by_desc(ledger::Column::Seq)
            .one(&app.ctx.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(state_of(&app, ada.id, "surveys").await, Some(last.state));
        // Each recorded change alternates: the ledger never holds two equal states in a row.
        let entries = ledger::Entity::find()
            .filter(ledger::Column::PersonId.eq(ada.id))
            .filter(ledger::Column::TopicKey.eq("surveys"))
            .order_by_asc(ledger::Column::Seq)
            .all(&app.ctx.db)
            .await
            .unwrap();
        for pair in entries.windows(2) {
            assert_eq!(pair[1].previous_state, pair[0].state, "entries chain by sequence");
        }
        assert_ledger_and_state_agree(&app).await;
    }

    async fn the_audience_query_agrees_with_the_rule_for_every_kind_of_person(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        let now = chrono::Utc::now();
        let request = RequestInfo::default();
        let mut expected = Vec::new();
        let mut everyone = Vec::new();
        // Every combination of the rule's inputs.
        for bits in 0..128u32 {
            let bit = |n: u32| bits & (1 << n) != 0;
            let id = uuid::Uuid::now_v7();
            people::ActiveModel {
                id: Set(id),
                email: Set(format!("p{bits}@example.org")),
                email_verified_at: Set(bit(0).then_some(now)),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                restricted_at: Set(bit(1).then_some(now)),
                erased_at: Set(bit(2).then_some(now)),
                bounced_at: Set(bit(3).then_some(now)),
                active_contract: Set(bit(4)),
                ..Default::default()
            }
            .insert(&app.ctx.db)
            .await
            .unwrap();
            let consent = match (bit(5), bit(6)) {
                (false, false) => None,
                (true, false) => Some(true),
                (false, true) => Some(false),
                (true, true) => Some(true),
            };
            if let Some(on) = consent {
                let who = Who { source: Source::Import, actor: Actor::System, reason: None, request: &request };
                let txn = begin_write(&app.ctx.db).await.unwrap();
                let targets = [("surveys".to_owned(), if on { ConsentState::Granted } else { ConsentState::Withdrawn }), ("service_notices".to_owned(), if on { ConsentState::Granted } else { ConsentState::Withdrawn })];
                prefcentre_app::consents::ssr::ledger::set_states(&app.ctx, &txn, id, &targets, &who).await.unwrap();
                txn.commit().await.unwrap();
            }
            everyone.push(id);
            let recipient = Recipient::of(&people::Entity::find_by_id(id).one(&app.ctx.db).await.unwrap().unwrap());
            let state = state_of(&app, id, "surveys").await;
            expected.push((id, may_send(recipient, false, state), may_send(recipient, true, state_of(&app, id, "service_notices").await)));
        }
        let mut surveys = audience_ids(&app.ctx.db, "surveys", false).await.unwrap();
        let mut notices = audience_ids(&app.ctx.db, "service_notices", true).await.unwrap();
        surveys.sort();
        notices.sort();
        let mut want_surveys: Vec<_> = expected.iter().filter(|e| e.1).map(|e| e.0).collect();
        let mut want_notices: Vec<_> = expected.iter().filter(|e| e.2).map(|e| e.0).collect();
        want_surveys.sort();
        want_notices.sort();
        assert_eq!(surveys, want_surveys);
        assert_eq!(notices, want_notices);
        assert!(!surveys.is_empty() && surveys.len() < everyone.len());
        assert!(current_topics(&app.ctx.db).await.unwrap().len() == 8);
    }
}
