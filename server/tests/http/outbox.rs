//! The outbox: one row per event, delivery through outages, nothing kept that holds a link.

use crate::common;

use chrono::Duration;
use common::{TestApp, smtp::SmtpSink};
use prefcentre_app::demo::seed_demo;
use prefcentre_app::store::outbox::{self, Status};
use prefcentre_app::outbox::{
    kinds::MailKind,
    queue::{Mail, queue},
    worker::{DeliveryReport, MAX_ATTEMPTS, backoff},
};
use prefcentre_app::store::people;
use prefcentre_app::platform::{clock::Clock, db::begin_write};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel, PaginatorTrait};

async fn queue_one(app: &TestApp, key: &str) -> bool {
    seed_demo(&app.ctx).await.unwrap();
    let person = people::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let txn = begin_write(&app.ctx.db).await.unwrap();
    let queued = queue(
        &txn,
        Mail {
            kind: MailKind::SignInLink,
            person_id: person.id,
            to: person.email.clone(),
            payload: serde_json::json!({ "name": person.full_name, "valid_minutes": 10, "valid_hours": 0 }),
            idempotency_key: key.to_owned(),
        }, &app.ctx.public,
        app.clock.now(),
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    queued
}

/// What "send again" in the admin view does, by a support member who opened the record.
async fn send_again(app: &TestApp, row: &outbox::Model) {
    use prefcentre_app::admin::outbox::ssr::Retried;
    use prefcentre_app::admin::outbox::ssr::retry;
    use prefcentre_app::platform::audit::{Actor, AuditEvent};
    let staff = uuid::Uuid::now_v7();
    AuditEvent::new(Actor::Staff(staff), row.person_id, "staff.viewed_person")
        .reason("The person says the mail never came")
        .record(&app.ctx.db, &Default::default(), app.clock.now())
        .await
        .unwrap();
    assert_eq!(
        retry(&app.ctx, &Default::default(), staff, row.id)
            .await
            .unwrap(),
        Retried::Done
    );
}

async fn only_row(app: &TestApp) -> outbox::Model {
    let rows = outbox::Entity::find().all(&app.ctx.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    rows.into_iter().next().unwrap()
}

on_both_backends! {
    async fn after_a_complaint_only_what_the_law_requires_reaches_the_address(backend: Backend) {
        let sink = SmtpSink::start();
        let (app, driver) = common::app_without_worker(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let writer = prefcentre_app::sender::api_keys::create(&app.ctx.db, "test", &[prefcentre_app::sender::api_keys::Scope::WriteEvents], app.clock.now()).await.unwrap();
        let response = reqwest::Client::new().post(app.url("/api/v1/events")).bearer_auth(&writer).json(&serde_json::json!({"type": "complaint", "email": "jonas.berg@example.net"})).send().await.unwrap();
        assert_eq!(response.status(), 202);
        let jonas = people::Entity::find().all(&app.ctx.db).await.unwrap().into_iter().find(|p| p.email == "jonas.berg@example.net").unwrap();
        let report = driver.outbox_worker().deliver_due().await.unwrap();
        assert_eq!(report.sent, 0, "no 'choices saved' after a complaint: {report:?}");
        assert!(report.withheld >= 1, "{report:?}");

        // A receipt for a rights request is owed all the same.
        let txn = begin_write(&app.ctx.db).await.unwrap();
        queue(&txn, Mail { kind: MailKind::RequestReceived, person_id: jonas.id, to: jonas.email.clone(), payload: serde_json::json!({ "name": jonas.full_name, "request_kind": "access", "received_at": "2026-03-02", "due_on": "2026-04-02", "completed": false }), idempotency_key: "receipt".into() }, &app.ctx.public, app.clock.now()).await.unwrap();
        txn.commit().await.unwrap();
        let report = driver.outbox_worker().deliver_due().await.unwrap();
        assert_eq!(report.sent, 1, "{report:?}");
        let received = sink.wait_for(1).await;
        assert_eq!(received.len(), 1);
        assert!(received.iter().all(|m| m.subject != "Your choices are saved"));
    }

    async fn a_retried_link_goes_to_the_address_the_person_has_now(backend: Backend) {
        let mut sink = SmtpSink::start();
        let (app, driver) = common::app_without_worker(backend, &sink).await;
        let worker = driver.outbox_worker();
        queue_one(&app, "stale").await;
        sink.stop();
        assert_eq!(worker.deliver_due().await.unwrap().retrying, 1);

        // Meanwhile the person moved to another address.
        let queued_for = only_row(&app).await.person_id.unwrap();
        let person = people::Entity::find_by_id(queued_for).one(&app.ctx.db).await.unwrap().unwrap();
        let mut active = person.into_active_model();
        active.email = Set("moved@new.example".to_owned());
        active.update(&app.ctx.db).await.unwrap();

        sink.resume();
        app.clock.advance(backoff(1));
        assert_eq!(worker.deliver_due().await.unwrap().sent, 1);
        let received = sink.wait_for(1).await;
        assert_eq!(received.len(), 1);
        assert_eq!(received[0].to, "moved@new.example", "the link is minted for the address the person has now");
    }

    async fn the_same_event_queues_one_message(backend: Backend) {
        let sink = SmtpSink::start();
        let (app, _) = common::app_without_worker(backend, &sink).await;
        assert!(queue_one(&app, "event-1").await);
        assert!(!queue_one(&app, "event-1").await, "a repeated event is refused");
        assert_eq!(outbox::Entity::find().count(&app.ctx.db).await.unwrap(), 1);
    }

    async fn an_smtp_outage_delays_a_message_which_is_then_sent_once(backend: Backend) {
        let mut sink = SmtpSink::start();
        let (app, driver) = common::app_without_worker(backend, &sink).await;
        let worker = driver.outbox_worker();
        queue_one(&app, "outage").await;

        sink.stop();
        assert_eq!(worker.deliver_due().await.unwrap(), DeliveryReport { sent: 0, retrying: 1, dead: 0, withheld: 0 });
        let row = only_row(&app).await;
        assert_eq!((row.status, row.attempts), (Status::Failed, 1));
        assert!(row.last_error.is_some());
        assert!(!row.last_error.unwrap().contains("ada.lindqvist"), "no address in the stored error");
        assert_eq!(worker.deliver_due().await.unwrap(), DeliveryReport::default(), "not due before its back-off");

        sink.resume();
        app.clock.advance(backoff(1));
        assert_eq!(worker.deliver_due().await.unwrap(), DeliveryReport { sent: 1, retrying: 0, dead: 0, withheld: 0 });
        app.clock.advance(Duration::hours(1));
        assert_eq!(worker.deliver_due().await.unwrap(), DeliveryReport::default());

        let received = sink.wait_for(1).await;
        assert_eq!(received.len(), 1, "sent exactly once");
        let row = only_row(&app).await;
        assert_eq!((row.status, row.attempts), (Status::Sent, 2));
        assert_eq!(received[0].message_id, row.message_id.trim_matches(['<', '>']));
    }

    async fn a_sent_message_keeps_its_record_but_not_its_contents(backend: Backend) {
        let sink = SmtpSink::start();
        let (app, driver) = common::app_without_worker(backend, &sink).await;
        queue_one(&app, "record").await;
        driver.outbox_worker().deliver_due().await.unwrap();
        let row = only_row(&app).await;
        assert_eq!(row.status, Status::Sent);
        assert_eq!(row.subject.as_deref(), Some("Your sign-in link"));
        assert!(row.sent_at.is_some());
        assert!(row.payload.is_none(), "the variables are gone");
        assert_eq!(row.kind, "sign_in_link");
        assert!(row.person_id.is_some() && row.to_address.is_some());

        let mail = &sink.wait_for(1).await[0];
        assert!(mail.text.contains("/sign-in/link?token="), "the link was minted at send time");
        assert!(!mail.html.is_empty(), "an HTML part too");
    }

    async fn a_message_that_keeps_failing_is_declared_dead(backend: Backend) {
        let mut sink = SmtpSink::start();
        let (app, driver) = common::app_without_worker(backend, &sink).await;
        let worker = driver.outbox_worker();
        queue_one(&app, "dead").await;
        sink.stop();
        for attempt in 1..MAX_ATTEMPTS {
            assert_eq!(worker.deliver_due().await.unwrap().retrying, 1, "attempt {attempt}");
            app.clock.advance(backoff(attempt));
        }
        assert_eq!(worker.deliver_due().await.unwrap().dead, 1);
        let row = only_row(&app).await;
        assert_eq!((row.status, row.attempts), (Status::Dead, MAX_ATTEMPTS));
        assert!(row.payload.is_some(), "a dead message keeps what it needs to be sent again");

        // Once the server is back, staff send it again, and it goes out.
        sink.resume();
        send_again(&app, &row).await;
        assert_eq!(worker.deliver_due().await.unwrap().sent, 1);
        assert_eq!(sink.wait_for(1).await.len(), 1);
        assert!(only_row(&app).await.payload.is_none(), "sent: the variables go");
    }

    async fn a_mail_server_that_refuses_us_is_retried_and_a_refused_recipient_is_final(backend: Backend) {
        let sink = SmtpSink::start();
        let (app, driver) = common::app_without_worker(backend, &sink).await;
        let worker = driver.outbox_worker();
        queue_one(&app, "refused").await;

        // A wrong password or relaying denied is ours to fix: the message waits.
        sink.answer(Some(("MAIL", "535 5.7.8 Authentication credentials invalid")));
        assert_eq!(worker.deliver_due().await.unwrap(), DeliveryReport { sent: 0, retrying: 1, dead: 0, withheld: 0 });
        app.clock.advance(backoff(1));
        sink.answer(Some(("RCPT", "550 5.7.1 Relaying denied")));
        assert_eq!(worker.deliver_due().await.unwrap().retrying, 1);
        sink.answer(None);
        app.clock.advance(backoff(2));
        assert_eq!(worker.deliver_due().await.unwrap().sent, 1);
        assert_eq!(sink.wait_for(1).await.len(), 1);

        // A recipient the server says does not exist is final at once, and can be sent again.
        let txn = begin_write(&app.ctx.db).await.unwrap();
        let person = people::Entity::find_by_id(only_row(&app).await.person_id.unwrap()).one(&txn).await.unwrap().unwrap();
        queue(&txn, Mail { kind: MailKind::SignInLink, person_id: person.id, to: person.email.clone(), payload: serde_json::json!({ "name": person.full_name, "valid_minutes": 10, "valid_hours": 0 }), idempotency_key: "no-such-user".into() }, &app.ctx.public, app.clock.now()).await.unwrap();
        txn.commit().await.unwrap();
        sink.answer(Some(("RCPT", "550 5.1.1 No such user here")));
        assert_eq!(worker.deliver_due().await.unwrap().dead, 1);
        let dead = outbox::Entity::find().all(&app.ctx.db).await.unwrap().into_iter().find(|r| r.idempotency_key == "no-such-user").unwrap();
        assert_eq!((dead.status, dead.attempts), (Status::Dead, 1));
        sink.answer(None);
        send_again(&app, &dead).await;
        assert_eq!(worker.deliver_due().await.unwrap().sent, 1, "'send again' renders the kept variables");
        assert_eq!(sink.wait_for(2).await.len(), 2);
    }

    async fn a_message_whose_person_was_deleted_is_not_sent(backend: Backend) {
        let sink = SmtpSink::start();
        let (app, driver) = common::app_without_worker(backend, &sink).await;
        queue_one(&app, "gone").await;
        let mut row = only_row(&app).await.into_active_model();
        row.person_id = Set(None);
        row.to_address = Set(None);
        row.update(&app.ctx.db).await.unwrap();
        assert_eq!(driver.outbox_worker().deliver_due().await.unwrap().dead, 1);
        assert!(sink.received().is_empty());
    }

    async fn several_workers_never_send_a_message_twice(backend: Backend) {
        let sink = SmtpSink::start();
        let (app, driver) = common::app_without_worker(backend, &sink).await;
        for i in 0..30 {
            queue_one(&app, &format!("burst-{i}")).await;
        }
        let mut handles = Vec::new();
        for _ in 0..3 {
            let worker = driver.outbox_worker();
            handles.push(tokio::spawn(async move { worker.deliver_due().await.unwrap().sent }));
        }
        let mut sent = 0;
        for handle in handles {
            sent += handle.await.unwrap();
        }
        assert_eq!(sent, 30);
        assert_eq!(sink.wait_for(30).await.len(), 30);
    }

    async fn a_slow_send_keeps_its_claim_and_no_other_worker_sends_it_again(backend: Backend) {
        let sink = SmtpSink::start();
        let (app, driver) = common::app_without_worker(backend, &sink).await;
        queue_one(&app, "slow").await;
        sink.slow_down(Some(std::time::Duration::from_secs(5)));
        // Claims of 4 s on the test clock, extended every 800 ms of real time.
        let first = driver.outbox_worker().with_claim(Duration::seconds(4));
        let sending = tokio::spawn(async move { first.deliver_due().await.unwrap() });
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        // The claim taken at the start has run out on the clock; the keep-alive moves it on.
        app.clock.advance(Duration::seconds(5));
        tokio::time::sleep(std::time::Duration::from_millis(2000)).await;
        assert!(sink.received().is_empty(), "the first send is still under way");
        let second = driver.outbox_worker().with_claim(Duration::seconds(4));
        assert_eq!(second.deliver_due().await.unwrap(), DeliveryReport::default(), "the message is still held");
        assert_eq!(sending.await.unwrap().sent, 1);
        sink.slow_down(None);
        assert_eq!(sink.received().len(), 1, "sent once");
        assert_eq!(only_row(&app).await.status, Status::Sent);
    }

    async fn a_link_mail_racing_an_erasure_leaves_no_live_token(backend: Backend) {
        use prefcentre_app::store::one_time_tokens;
        use sea_orm::{ColumnTrait, QueryFilter, QuerySelect, sea_query::Expr};
        let sink = SmtpSink::start();
        let (app, driver) = common::app_without_worker(backend, &sink).await;
        queue_one(&app, "racing").await;
        let person = only_row(&app).await.person_id.unwrap();
        // An erasure under way: it holds the person (and, on SQLite, the write lock), has
        // deleted the person's tokens and marked them erased, and has not committed yet.
        let erasure = begin_write(&app.ctx.db).await.unwrap();
        people::Entity::find_by_id(person).lock_exclusive().one(&erasure).await.unwrap();
        one_time_tokens::Entity::delete_many().filter(one_time_tokens::Column::PersonId.eq(person)).exec(&erasure).await.unwrap();
        people::Entity::update_many().col_expr(people::Column::ErasedAt, Expr::value(app.clock.now())).filter(people::Column::Id.eq(person)).exec(&erasure).await.unwrap();
        let worker = driver.outbox_worker();
        let sending = tokio::spawn(async move { worker.deliver_due().await.unwrap() });
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        erasure.commit().await.unwrap();
        let report = sending.await.unwrap();
        assert_eq!((report.sent, report.withheld), (0, 1), "{report:?}");
        let tokens = one_time_tokens::Entity::find().filter(one_time_tokens::Column::PersonId.eq(person)).count(&app.ctx.db).await.unwrap();
        assert_eq!(tokens, 0, "no sign-in link left for an erased person");
        assert!(sink.received().is_empty());
    }
}
