//! "My data": seeing everything held, editing it, events, security and the e-mail address,
//! over HTTP with JavaScript off and mail delivered to a real SMTP server.

use crate::common;

use chrono::Duration;
use common::{TestApp, browser::Browser, smtp::SmtpSink};
use leptos::server_fn::ServerFn;
use prefcentre_app::account::api::{ChangeRegistration, SaveDetails};
use prefcentre_app::account::security_api::{
    ChangePassword, EmailChangeLink, EndSession, RequestEmailChange,
};
use prefcentre_app::store::event_registrations as registrations;
use prefcentre_app::auth::api::SignIn;
use prefcentre_app::demo::seed_demo;
use prefcentre_app::store::outbox;
use prefcentre_app::store::people;
use prefcentre_app::{platform::{clock::Clock, jobs::JobRunner}, store::audit_log as audit};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

const ADA: &str = "ada.lindqvist@example.com";
const ADA_PASSWORD: &str = "demo passphrase for Ada";

async fn signed_in(app: &TestApp, email: &str, password: &str) -> Browser {
    let mut browser = app.visitor();
    browser.get("/sign-in").await;
    let page = browser
        .submit(SignIn::PATH, &[("email", email), ("password", password)])
        .await;
    assert!(page.contains("You are signed in."), "{}", page.html);
    browser
}

/// Ada's record, found by the name she was seeded with (her address may change in a test).
async fn ada(app: &TestApp) -> people::Model {
    people::Entity::find()
        .filter(people::Column::FullName.eq("Ada Lindqvist"))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
}

fn details_form(person: &people::Model, phone: &str) -> Vec<(&'static str, String)> {
    vec![
        ("version", person.version.to_string()),
        ("name", person.full_name.clone().unwrap_or_default()),
        ("phone", phone.to_owned()),
        ("street", person.street.clone().unwrap_or_default()),
        (
            "postal_code",
            person.postal_code.clone().unwrap_or_default(),
        ),
        ("city", person.city.clone().unwrap_or_default()),
        ("country", person.country.clone().unwrap_or_default()),
        ("company", person.company.clone().unwrap_or_default()),
        ("job_title", person.job_title.clone().unwrap_or_default()),
        ("language", person.language.clone()),
        ("contact_channel", person.contact_channel.clone()),
    ]
}

fn borrowed<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn audit_count(app: &TestApp, action: &str) -> u64 {
    audit::Entity::find()
        .filter(audit::Column::Action.eq(action))
        .count(&app.ctx.db)
        .await
        .unwrap()
}

on_both_backends! {
    async fn my_data_shows_every_category_with_why_and_how_long(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let mut browser = signed_in(&app, ADA, ADA_PASSWORD).await;
        let page = browser.get("/account").await;
        assert_eq!(page.status, 200);
        assert_eq!(page.headers["cache-control"], "no-store");
        for expected in [
            "Ada Lindqvist", ADA, "confirmed", "+45 32 12 34 56", "Strandvejen 100", "2900 Hellerup", "Denmark",
            "Nordlys Security ApS", "Head of Operations", "Dansk",
            "Partner Summit 2027", "Milestone Integration Platform Symposium", "Gluten-free", "No nuts, please",
            "Sign-in records", "deleted after 90 days", "password", "Firefox",
            "We have not shared your data with any partner", "Customer", "cannot be switched off",
            "You have made no requests about your data",
        ] {
            assert!(page.contains(expected), "missing {expected:?}");
        }
    }

    async fn a_valid_edit_is_saved_audited_and_confirmed_by_mail(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let mut browser = signed_in(&app, ADA, ADA_PASSWORD).await;
        let before = ada(&app).await;
        browser.get("/account/details").await;
        let form = details_form(&before, "040-123 45 67");
        let mut form = form;
        form.iter_mut().find(|(k, _)| *k == "country").unwrap().1 = "SE".into();
        form.iter_mut().find(|(k, _)| *k == "city").unwrap().1 = "Göteborg".into();
        let page = browser.submit(SaveDetails::PATH, &borrowed(&form)).await;
        assert!(page.contains("Your details are saved."), "{}", page.html);

        let after = ada(&app).await;
        assert_eq!(after.phone.as_deref(), Some("+46401234567"), "a Swedish number read with the address's country");
        assert_eq!(after.country.as_deref(), Some("SE"));
        assert_eq!(after.version, before.version + 1);
        let event = audit::Entity::find()
            .filter(audit::Column::Action.eq("person.details_changed"))
            .one(&app.ctx.db)
            .await
            .unwrap()
            .unwrap();
        let details: serde_json::Value = serde_json::from_str(event.details.as_deref().unwrap()).unwrap();
        assert_eq!(details["old"]["phone"], "+4532123456");
        assert_eq!(details["new"]["phone"], "+46401234567");
        assert_eq!(details["new"]["city"], "Göteborg");
        let mail = sink.mail_to(ADA, "Your details were changed").await;
        assert!(mail.text.contains("- Phone") && mail.text.contains("- Postal address"));
    }

    async fn a_bad_phone_number_is_refused_next_to_the_field_and_nothing_changes(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let mut browser = signed_in(&app, ADA, ADA_PASSWORD).await;
        let before = ada(&app).await;
        let mails_before = outbox::Entity::find().count(&app.ctx.db).await.unwrap();
        for (phone, message) in [
            ("12", "This is not a valid phone number."),
            ("+45 1", "This is not a valid phone number."),
            ("call me", "This is not a valid phone number."),
        ] {
            browser.get("/account/details").await;
            let page = browser.submit(SaveDetails::PATH, &borrowed(&details_form(&before, phone))).await;
            let at = page.html.find("id=\"field-phone-error\"").unwrap_or_else(|| panic!("{phone}: {}", page.html));
            assert!(page.html[at..].contains(message), "{phone}");
            assert!(page.contains(&format!("value=\"{phone}\"")), "what was typed comes back");
        }
        browser.get("/account/details").await;
        let mut partial = details_form(&before, "");
        partial.iter_mut().find(|(k, _)| *k == "city").unwrap().1 = String::new();
        let page = browser.submit(SaveDetails::PATH, &borrowed(&partial)).await;
        assert!(page.contains("Enter the city, or leave the whole address empty."));
        assert_eq!(ada(&app).await, before, "nothing was written");
        assert_eq!(audit_count(&app, "person.details_changed").await, 0);
        assert_eq!(outbox::Entity::find().count(&app.ctx.db).await.unwrap(), mails_before);
    }

    async fn the_second_of_two_tabs_is_told_the_record_changed(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let mut browser = signed_in(&app, ADA, ADA_PASSWORD).await;
        let opened = ada(&app).await;
        browser.get("/account/details").await;
        let mut first = details_form(&opened, "+45 32 12 34 56");
        first.iter_mut().find(|(k, _)| *k == "company").unwrap().1 = "First Tab A/S".into();
        browser.submit(SaveDetails::PATH, &borrowed(&first)).await;

        browser.get("/account/details").await;
        let mut second = details_form(&opened, "+45 32 12 34 56");
        second.iter_mut().find(|(k, _)| *k == "company").unwrap().1 = "Second Tab A/S".into();
        let page = browser.submit(SaveDetails::PATH, &borrowed(&second)).await;
        assert!(page.contains("This changed since you opened it"), "{}", page.html);
        assert!(page.contains("value=\"First Tab A/S\""), "the form shows what is stored now");
        assert_eq!(ada(&app).await.company.as_deref(), Some("First Tab A/S"));
    }

    async fn meal_preferences_change_for_upcoming_events_and_can_always_be_removed(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let mut browser = signed_in(&app, ADA, ADA_PASSWORD).await;
        let person = ada(&app).await;
        let mut rows = registrations::Entity::find()
            .filter(registrations::Column::PersonId.eq(person.id))
            .order_by_asc(registrations::Column::RegisteredAt)
            .all(&app.ctx.db)
            .await
            .unwrap();
        let (past, upcoming) = (rows.remove(0), rows.remove(0));

        browser.get("/account").await;
        let page = browser
            .submit(ChangeRegistration::PATH, &[
                ("registration", &upcoming.id.to_string()), ("version", "1"), ("action", "set"),
                ("meal", "vegan"), ("dietary_needs", "Sesame allergy"),
            ])
            .await;
        assert!(page.contains("Your registration is updated."), "{}", page.html);
        let saved = registrations::Entity::find_by_id(upcoming.id).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!((saved.meal_preference.as_deref(), saved.dietary_needs.as_deref()), (Some("vegan"), Some("Sesame allergy")));

        let page = browser
            .submit(ChangeRegistration::PATH, &[
                ("registration", &past.id.to_string()), ("version", "1"), ("action", "set"), ("meal", "vegan"),
            ])
            .await;
        assert!(page.contains("This event has taken place"));
        let page = browser
            .submit(ChangeRegistration::PATH, &[("registration", &past.id.to_string()), ("version", "1"), ("action", "remove-meal")])
            .await;
        assert!(page.contains("Your registration is updated."));
        let removed = registrations::Entity::find_by_id(past.id).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!(removed.meal_preference, None);

        let page = browser
            .submit(ChangeRegistration::PATH, &[("registration", &upcoming.id.to_string()), ("version", "2"), ("action", "cancel")])
            .await;
        assert!(page.contains("Your registration is updated."));
        assert!(registrations::Entity::find_by_id(upcoming.id).one(&app.ctx.db).await.unwrap().is_none());
        assert_eq!(audit_count(&app, "event.registration_cancelled").await, 1);
    }

    async fn nobody_sees_or_changes_another_persons_data(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let mut ada_browser = signed_in(&app, ADA, ADA_PASSWORD).await;
        let ada_record = ada(&app).await;
        let ada_registration = registrations::Entity::find()
            .filter(registrations::Column::PersonId.eq(ada_record.id))
            .one(&app.ctx.db)
            .await
            .unwrap()
            .unwrap();

        // Mallory has an account of her own.
        let mut mallory = app.visitor();
        mallory.get("/sign-up").await;
        mallory.submit(prefcentre_app::auth::api::SignUp::PATH, &[("name", "Mallory"), ("email", "mallory@example.org"), ("password", "mallory's own passphrase")]).await;
        let link = sink.mail_to("mallory@example.org", "Confirm your e-mail address").await.link_starting(&app.url("/verify-email?token=")).unwrap();
        mallory.get(&link).await;
        mallory.submit(prefcentre_app::auth::api::RedeemLink::PATH, &[("purpose", "confirm"), ("token", link.split("token=").nth(1).unwrap())]).await;

        let page = mallory.get("/account").await;
        assert!(page.contains("mallory@example.org"));
        assert!(!page.contains("Ada") && !page.contains("Strandvejen") && !page.contains("Partner Summit"));

        let page = mallory
            .submit(ChangeRegistration::PATH, &[("registration", &ada_registration.id.to_string()), ("version", "1"), ("action", "cancel")])
            .await;
        assert!(page.contains("This registration no longer exists."));
        assert!(registrations::Entity::find_by_id(ada_registration.id).one(&app.ctx.db).await.unwrap().is_some());

        let ada_sessions = prefcentre_app::store::sessions::Entity::find()
            .filter(prefcentre_app::store::sessions::Column::PersonId.eq(ada_record.id))
            .all(&app.ctx.db)
            .await
            .unwrap();
        mallory.get("/account/security").await;
        mallory.submit(EndSession::PATH, &[("session", &ada_sessions[0].id)]).await;
        assert_eq!(ada_browser.get("/account").await.status, 200, "Ada is still signed in");

        mallory.get("/account/details").await;
        let mallory_record = people::Entity::find().filter(people::Column::Email.eq("mallory@example.org")).one(&app.ctx.db).await.unwrap().unwrap();
        mallory.submit(SaveDetails::PATH, &borrowed(&details_form(&mallory_record, "+45 32 12 34 57"))).await;
        assert_eq!(ada(&app).await.phone.as_deref(), Some("+4532123456"), "a save changes only its own person");
    }

    async fn a_password_change_needs_the_current_one_and_can_end_other_sessions(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let mut laptop = signed_in(&app, ADA, ADA_PASSWORD).await;
        let mut phone = signed_in(&app, ADA, ADA_PASSWORD).await;

        let page = laptop.get("/account/security").await;
        assert!(page.contains("this device"));
        assert_eq!(page.html.matches("End this session").count(), 1, "the other session can be ended");

        let page = laptop.submit(ChangePassword::PATH, &[("current_password", "wrong"), ("password", "a fresh passphrase"), ("end_other_sessions", "yes")]).await;
        assert!(page.contains("This is not your current password."));
        assert_eq!(phone.get("/account").await.status, 200);

        let page = laptop.submit(ChangePassword::PATH, &[("current_password", ADA_PASSWORD), ("password", "a fresh passphrase"), ("end_other_sessions", "yes")]).await;
        assert!(page.contains("Your password is changed."), "{}", page.html);
        assert!(phone.get("/account").await.status.is_redirection(), "the other session ended");
        assert_eq!(laptop.get("/account").await.status, 200, "this one did not");
        let notice = sink.mail_to(ADA, "Your password was changed").await;
        assert!(notice.text.contains("Every other session was signed out."));
        signed_in(&app, ADA, "a fresh passphrase").await;
    }

    async fn ending_one_session_from_the_list_signs_that_device_out(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let mut laptop = signed_in(&app, ADA, ADA_PASSWORD).await;
        let mut phone = signed_in(&app, ADA, ADA_PASSWORD).await;
        let page = laptop.get("/account/security").await;
        let start = page.html.find("name=\"session\" value=\"").unwrap() + "name=\"session\" value=\"".len();
        let key = page.html[start..start + 64].to_owned();
        let page = laptop.submit(EndSession::PATH, &[("session", &key)]).await;
        assert!(page.contains("The session is ended."));
        assert!(phone.get("/account").await.status.is_redirection());
        assert_eq!(laptop.get("/account").await.status, 200);
    }

    async fn changing_the_address_waits_for_the_new_one_and_the_old_one_can_undo_it(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let mut browser = signed_in(&app, ADA, ADA_PASSWORD).await;

        browser.get("/account/email").await;
        let page = browser.submit(RequestEmailChange::PATH, &[("email", "ada@new.example"), ("password", "not it")]).await;
        assert!(page.contains("This is not your current password."));
        let page = browser.submit(RequestEmailChange::PATH, &[("email", "ada@new.example"), ("password", ADA_PASSWORD)]).await;
        assert!(page.contains("We have sent a link to the new address."), "{}", page.html);
        assert_eq!(ada(&app).await.email, ADA, "nothing changes before the new address confirms");

        let confirm = sink.mail_to("ada@new.example", "Confirm your new e-mail address").await;
        let notice = sink.mail_to(ADA, "Someone asked to change the e-mail address of your account").await;
        assert!(notice.text.contains("a•••@new.example"));
        let confirm_link = confirm.link_starting(&app.url("/account/email/confirm?token=")).unwrap();
        let cancel_link = notice.link_starting(&app.url("/account/email/cancel?token=")).unwrap();

        // Profile links sent to the old address before the change.
        let old_profile_link = prefcentre_app::platform::newsletter_links::profile_url(&app.ctx, ada(&app).await.id, app.clock.now());
        app.clock.advance(Duration::seconds(1));

        let mut new_inbox = app.visitor();
        new_inbox.get(&confirm_link).await;
        let page = new_inbox.submit(EmailChangeLink::PATH, &[("action", "confirm"), ("token", confirm_link.split("token=").nth(1).unwrap())]).await;
        assert!(page.contains("Your new e-mail address is confirmed"), "{}", page.html);
        assert_eq!(ada(&app).await.email, "ada@new.example");
        assert!(app.visitor().get(&old_profile_link).await.contains("Get a new link"), "the old mailbox's profile links end with the change");

        // The old address says it was not them: the change is undone, every session ends.
        let mut old_inbox = app.visitor();
        old_inbox.get(&cancel_link).await;
        let page = old_inbox.submit(EmailChangeLink::PATH, &[("action", "cancel"), ("token", cancel_link.split("token=").nth(1).unwrap())]).await;
        assert!(page.contains("The e-mail change is undone"), "{}", page.html);
        assert_eq!(ada(&app).await.email, ADA);
        assert!(browser.get("/account").await.status.is_redirection());
    }

    async fn a_signed_in_person_stops_every_profile_link(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let link = prefcentre_app::platform::newsletter_links::profile_url(&app.ctx, ada(&app).await.id, app.clock.now());
        app.clock.advance(Duration::seconds(1));
        let mut browser = signed_in(&app, ADA, ADA_PASSWORD).await;
        let security = browser.get("/account/security").await;
        assert!(security.contains("Stop all my newsletter links"), "{}", security.html);
        let page = browser.submit(prefcentre_app::account::security_api::RevokeLinks::PATH, &[]).await;
        assert!(page.contains("has stopped working"), "{}", page.html);
        assert!(app.visitor().get(&link).await.contains("Get a new link"));
    }

    async fn an_address_in_use_looks_like_any_other_to_the_requester_and_is_never_confirmed(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let mut browser = signed_in(&app, ADA, ADA_PASSWORD).await;
        browser.get("/account/email").await;
        let page = browser.submit(RequestEmailChange::PATH, &[("email", "jonas.berg@example.net"), ("password", ADA_PASSWORD)]).await;
        assert!(page.contains("We have sent a link to the new address."));
        sink.mail_to(ADA, "Someone asked to change the e-mail address of your account").await;

        // Nothing the requester can read says whether the address has an account: not the
        // activity in their download, not the list of e-mails sent for them.
        browser.get("/account/rights").await;
        let response = browser.post("/account/export", &[("format", "json")]).await;
        let export: serde_json::Value = response.json().await.unwrap();
        let text = export.to_string();
        assert!(!text.contains("address_in_use") && !text.contains("in_use"), "{text}");
        let kinds: Vec<&str> = export["emails"].as_array().unwrap().iter().filter_map(|m| m["kind"].as_str()).collect();
        assert!(kinds.contains(&"email_change_confirm"), "the same mails as for a free address: {kinds:?}");

        // The confirmation reaches the address's owner, and cannot move Ada's account there.
        let confirm = sink.mail_to("jonas.berg@example.net", "Confirm your new e-mail address").await.link_starting(&app.url("/account/email/confirm?token=")).unwrap();
        let mut other_inbox = app.visitor();
        other_inbox.get(&confirm).await;
        let page = other_inbox.submit(EmailChangeLink::PATH, &[("action", "confirm"), ("token", confirm.split("token=").nth(1).unwrap())]).await;
        assert!(!page.contains("Your new e-mail address is confirmed"), "{}", page.html);
        assert_eq!(ada(&app).await.email, ADA);
    }

    async fn a_pending_change_stops_when_the_old_address_says_so(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let mut browser = signed_in(&app, ADA, ADA_PASSWORD).await;
        browser.get("/account/email").await;
        browser.submit(RequestEmailChange::PATH, &[("email", "ada@other.example"), ("password", ADA_PASSWORD)]).await;
        let confirm = sink.mail_to("ada@other.example", "Confirm your new e-mail address").await.link_starting(&app.url("/account/email/confirm?token=")).unwrap();
        let cancel = sink.mail_to(ADA, "Someone asked to change the e-mail address of your account").await.link_starting(&app.url("/account/email/cancel?token=")).unwrap();

        let mut old_inbox = app.visitor();
        old_inbox.get(&cancel).await;
        let page = old_inbox.submit(EmailChangeLink::PATH, &[("action", "cancel"), ("token", cancel.split("token=").nth(1).unwrap())]).await;
        assert!(page.contains("The e-mail change is stopped."));
        let page = old_inbox.get(&confirm).await;
        assert!(page.contains("This link has expired or has already been used."), "the confirmation link is void");
        assert_eq!(ada(&app).await.email, ADA);
    }

    async fn access_records_are_kept_for_their_period_then_deleted(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        signed_in(&app, ADA, ADA_PASSWORD).await;
        use prefcentre_app::store::access_records as records;
        use prefcentre_app::rights::ssr::retention::RetentionPurge;
        let rows = records::Entity::find().all(&app.ctx.db).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].method, "password");
        assert_eq!(rows[0].ip.as_deref(), Some("127.0.0.1"));
        assert!(rows[0].user_agent.as_deref().unwrap().contains("Mozilla"));

        // A message delivered at the same time keeps the address in the outbox.
        use prefcentre_app::{outbox::{kinds::MailKind, queue::{Mail, queue}}, store::outbox::Status};
        let person = ada(&app).await;
        queue(&app.ctx.db, Mail { kind: MailKind::PasswordChanged, person_id: person.id, to: ADA.into(), payload: serde_json::json!({ "name": "Ada" }), idempotency_key: "retention".into() }, &app.ctx.public, app.clock.now()).await.unwrap();
        outbox::Entity::update_many().col_expr(outbox::Column::Status, sea_orm::sea_query::Expr::value(Status::Sent)).filter(outbox::Column::IdempotencyKey.eq("retention")).exec(&app.ctx.db).await.unwrap();
        let signed_in_event = || audit::Entity::find().filter(audit::Column::Action.eq("auth.signed_in")).one(&app.ctx.db);
        let delivered = || outbox::Entity::find().filter(outbox::Column::IdempotencyKey.eq("retention")).one(&app.ctx.db);

        let runner = JobRunner::new(vec![std::sync::Arc::new(RetentionPurge)]);
        app.clock.advance(Duration::days(89));
        runner.run_due(&app.ctx).await.unwrap();
        assert_eq!(records::Entity::find().count(&app.ctx.db).await.unwrap(), 1);
        assert_eq!(signed_in_event().await.unwrap().unwrap().ip.as_deref(), Some("127.0.0.1"));
        assert_eq!(delivered().await.unwrap().unwrap().to_address.as_deref(), Some(ADA));
        app.clock.advance(Duration::days(2));
        let runner = JobRunner::new(vec![std::sync::Arc::new(RetentionPurge)]);
        runner.run_due(&app.ctx).await.unwrap();
        assert_eq!(records::Entity::find().count(&app.ctx.db).await.unwrap(), 0);
        // The copies of the same facts go with them.
        let event = signed_in_event().await.unwrap().unwrap();
        assert_eq!((event.ip, event.user_agent), (None, None), "the audit event stays, without IP or browser");
        let mail = delivered().await.unwrap().unwrap();
        assert_eq!((mail.to_address, mail.payload), (None, None), "the message's record stays, without the address");
    }

    async fn account_pages_send_a_stranger_to_sign_in(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let mut stranger = app.visitor();
        for path in ["/account", "/account/details", "/account/security", "/account/email"] {
            let page = stranger.get(path).await;
            assert!(page.status.is_redirection(), "{path}");
            assert_eq!(page.headers["location"], "/sign-in", "{path}");
        }
        stranger.get("/sign-in").await;
        let response = stranger.post(SaveDetails::PATH, &[
            ("version", "1"), ("name", "X"), ("phone", ""), ("street", ""), ("postal_code", ""), ("city", ""),
            ("country", ""), ("company", ""), ("job_title", ""), ("language", "en"), ("contact_channel", "email"),
        ]).await;
        assert_eq!(response.headers()["location"], "/sign-in");
    }
}

mod without_a_password {
    use super::*;

    on_both_backends! {
        async fn a_recent_sign_in_link_stands_in_for_the_password_for_ten_minutes(backend: Backend) {
            let sink = SmtpSink::start();
            let app = TestApp::spawn_with_mail(backend, &sink).await;
            seed_demo(&app.ctx).await.unwrap();
            let mut browser = app.visitor();
            browser.get("/sign-in").await;
            browser
                .submit(prefcentre_app::auth::api::RequestMail::PATH, &[("purpose", "sign-in-link"), ("email", "jonas.berg@example.net")])
                .await;
            let link = sink.mail_to("jonas.berg@example.net", "Your sign-in link").await.link_starting(&app.url("/sign-in/link?token=")).unwrap();
            browser.get(&link).await;
            browser.submit(prefcentre_app::auth::api::RedeemLink::PATH, &[("purpose", "sign-in"), ("token", link.split("token=").nth(1).unwrap())]).await;

            let page = browser.get("/account/email").await;
            assert!(!page.contains("Current password"), "no password to ask for");
            let page = browser.submit(RequestEmailChange::PATH, &[("email", "jonas@new.example")]).await;
            assert!(page.contains("We have sent a link to the new address."), "{}", page.html);

            app.clock.advance(Duration::minutes(11));
            let page = browser.get("/account/email").await;
            assert!(page.contains("sign in again with an e-mailed link first"));
            let page = browser.submit(RequestEmailChange::PATH, &[("email", "jonas@other.example")]).await;
            assert!(page.contains("sign in again with an e-mailed link first"));
        }
    }
}
