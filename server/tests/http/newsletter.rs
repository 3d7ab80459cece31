//! Newsletter recipients: the profile link, one-click unsubscribe (RFC 8058) and the fresh-link
//! flow, over HTTP.

use crate::common;

use chrono::Duration;
use common::{TestApp, smtp::SmtpSink};
use leptos::server_fn::ServerFn;
use prefcentre_app::consents::api::ConsentLink;
use prefcentre_app::consents::model::ConsentState;
use prefcentre_app::store::{consent_ledger as ledger, consent_states as state};
use prefcentre_app::demo::seed_demo;
use prefcentre_app::newsletter::api::{
    FreshLink, RevokeProfileLinks, SaveProfile, UndoProfileChange,
};
use prefcentre_app::platform::newsletter_links::{profile_url, unsubscribe_url};
use prefcentre_app::store::people;
use prefcentre_app::platform::clock::Clock;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const JONAS: &str = "jonas.berg@example.net";

async fn jonas(app: &TestApp) -> people::Model {
    people::Entity::find()
        .filter(people::Column::Email.eq(JONAS))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
}

async fn newsletter_state(app: &TestApp, person: uuid::Uuid) -> Option<ConsentState> {
    state::Entity::find_by_id((person, "newsletter".to_owned()))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .map(|s| s.state)
}

async fn one_click_entries(app: &TestApp) -> u64 {
    ledger::Entity::find()
        .filter(ledger::Column::Source.eq("one-click"))
        .count(&app.ctx.db)
        .await
        .unwrap()
}

/// The value of a page's hidden field.
fn hidden_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\" value=\""))? + name.len() + 15;
    Some(html[at..].split('"').next()?.to_owned())
}

async fn surveys_state(app: &TestApp, person: uuid::Uuid) -> String {
    state::Entity::find_by_id((person, "surveys".to_owned()))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
        .state
        .as_str()
        .to_owned()
}

/// The person follows the confirmation e-mail a bearer link's grant asked for; only then is
/// the topic granted, on the evidence of that confirmation.
async fn assert_confirmed_from_the_inbox(app: &TestApp, sink: &SmtpSink, person: uuid::Uuid) {
    let mail = sink
        .mail_to(JONAS, "Please confirm your subscription")
        .await;
    let link = mail
        .link_starting(&app.url("/consents/confirm?token="))
        .unwrap();
    let mut inbox = app.visitor();
    inbox.get(&link).await;
    let page = inbox
        .submit(
            ConsentLink::PATH,
            &[
                ("action", "confirm"),
                ("token", link.split("token=").nth(1).unwrap()),
            ],
        )
        .await;
    assert!(page.contains("confirmed"), "{}", page.html);
    assert_eq!(surveys_state(app, person).await, "granted");
    let confirmed = ledger::Entity::find()
        .filter(ledger::Column::PersonId.eq(person))
        .filter(ledger::Column::Source.eq("double opt-in confirm"))
        .count(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(confirmed, 1);
}

/// A mail client: no cookies, no redirects followed.
fn mail_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

on_both_backends! {
    async fn one_click_withdraws_at_once_without_cookies_or_redirect(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let person = jonas(&app).await;
        let url = unsubscribe_url(&app.ctx, person.id, "newsletter", app.clock.now());
        assert_eq!(newsletter_state(&app, person.id).await, Some(ConsentState::Granted));

        let response = mail_client()
            .post(&url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "2xx, not a redirect");
        assert!(response.headers().get("location").is_none());
        assert!(response.headers().get_all("set-cookie").iter().next().is_none(), "no cookie needed or set");
        let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert!(csp.contains("style-src 'self'") && !csp.contains("script-src"), "styled, nothing runs: {csp}");
        assert_eq!(newsletter_state(&app, person.id).await, Some(ConsentState::Withdrawn), "in the ledger before the answer");
        assert_eq!(one_click_entries(&app).await, 1);

        let again = mail_client()
            .post(&url)
            .multipart(reqwest::multipart::Form::new().text("List-Unsubscribe", "One-Click"))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 200, "multipart works, and repeating is harmless");
        assert_eq!(one_click_entries(&app).await, 1, "no second entry");
    }

    async fn opening_an_unsubscribe_link_changes_nothing(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let person = jonas(&app).await;
        let url = unsubscribe_url(&app.ctx, person.id, "newsletter", app.clock.now());
        for _ in 0..3 {
            let page = mail_client().get(&url).header("accept", "text/html").send().await.unwrap();
            assert_eq!(page.status(), 200);
            let html = page.text().await.unwrap();
            assert!(html.contains("Press the button to stop receiving Newsletter."));
            assert!(html.contains("href=\"/p\""), "offers the way to all topics");
            assert!(!html.contains("/p?t="), "but no manage link: that would be more than its scope");
        }
        assert_eq!(newsletter_state(&app, person.id).await, Some(ConsentState::Granted));
    }

    async fn unknown_or_malformed_links_reveal_nothing_and_change_nothing(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let person = jonas(&app).await;
        let genuine = unsubscribe_url(&app.ctx, person.id, "newsletter", app.clock.now());
        let token = genuine.split("t=").nth(1).unwrap();
        let mut forged = token.to_owned();
        forged.replace_range(10..11, if &token[10..11] == "A" { "B" } else { "A" });
        for bad in [app.url("/u?t=not-a-token"), app.url("/u"), app.url(&format!("/u?t={forged}"))] {
            let response = mail_client().post(&bad).body("List-Unsubscribe=One-Click").header("content-type", "application/x-www-form-urlencoded").send().await.unwrap();
            assert_eq!(response.status(), 400, "{bad}");
        }
        let no_body = mail_client().post(&genuine).send().await.unwrap();
        assert_eq!(no_body.status(), 400, "the RFC 8058 body is required");
        assert_eq!(newsletter_state(&app, person.id).await, Some(ConsentState::Granted));
    }

    async fn a_profile_link_changes_only_its_persons_topics_and_shows_no_other_data(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let person = jonas(&app).await;
        let link = profile_url(&app.ctx, person.id, app.clock.now());
        let mut reader = app.visitor();
        let page = reader.get(&link).await;
        assert_eq!(page.status, 200);
        assert!(page.contains("j•••@example.net"));
        assert!(!page.contains(JONAS), "the address is masked");
        assert!(page.contains("E-mail me a sign-in link"), "the way to every other right");
        let token = link.split("t=").nth(1).unwrap();
        let page = reader.submit(SaveProfile::PATH, &[("t", token), ("choices[surveys]", "on")]).await;
        assert!(page.contains("Your choices are saved."), "{}", page.html);
        assert!(page.contains("starts once you confirm it"), "{}", page.html);
        assert_eq!(newsletter_state(&app, person.id).await, Some(ConsentState::Withdrawn), "a withdrawal applies at once");
        let entry = ledger::Entity::find().filter(ledger::Column::TopicKey.eq("surveys")).filter(ledger::Column::PersonId.eq(person.id)).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!((entry.source.as_str(), entry.state.as_str()), ("profile link", "pending"), "a bearer link grants nothing by itself");
        sink.mail_to(JONAS, "Your choices are saved").await;
        assert_eq!(surveys_state(&app, person.id).await, "pending");
        assert_confirmed_from_the_inbox(&app, &sink, person.id).await;
    }

    async fn a_profile_change_can_be_undone_from_the_page_but_only_its_own(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let person = jonas(&app).await;
        let link = profile_url(&app.ctx, person.id, app.clock.now());
        let token = link.split("t=").nth(1).unwrap();
        let mut reader = app.visitor();
        reader.get(&link).await;
        let page = reader.submit(SaveProfile::PATH, &[("t", token), ("everything_off", "yes")]).await;
        assert_eq!(newsletter_state(&app, person.id).await, Some(ConsentState::Withdrawn));
        let change = hidden_value(&page.html, "change").expect("the page offers to undo the change");

        // Someone else's change cannot be undone with this link, nor this change with theirs.
        let ada = people::Entity::find().filter(people::Column::Email.eq("ada.lindqvist@example.com")).one(&app.ctx.db).await.unwrap().unwrap();
        let ada_token = profile_url(&app.ctx, ada.id, app.clock.now());
        let ada_token = ada_token.split("t=").nth(1).unwrap();
        let refused = reader.submit(UndoProfileChange::PATH, &[("t", ada_token), ("change", &change)]).await;
        assert!(refused.contains("changed again since"), "{}", refused.html);
        assert_eq!(newsletter_state(&app, person.id).await, Some(ConsentState::Withdrawn));

        let page = reader.submit(UndoProfileChange::PATH, &[("t", token), ("change", &change)]).await;
        assert!(page.contains("The change is undone"), "{}", page.html);
        assert!(hidden_value(&page.html, "change").is_none(), "nothing left to undo");
        assert_eq!(newsletter_state(&app, person.id).await, Some(ConsentState::Pending), "taken back through a bearer link, the consent waits for the inbox");
        let undo = ledger::Entity::find().filter(ledger::Column::PersonId.eq(person.id)).filter(ledger::Column::Source.eq("profile link undo")).count(&app.ctx.db).await.unwrap();
        assert!(undo >= 1, "the undo is in the ledger");
        let again = reader.submit(UndoProfileChange::PATH, &[("t", token), ("change", &change)]).await;
        assert!(again.contains("changed again since"), "an undo is not replayed");
        assert_eq!(newsletter_state(&app, person.id).await, Some(ConsentState::Pending));
    }

    async fn raising_the_key_id_ends_old_profile_links_but_not_old_unsubscribe_links(backend: Backend) {
        use prefcentre_app::platform::newsletter_links::{Scope, issue};
        use prefcentre_app::platform::keys::LinkKeys;
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_LINK_KEY_ID", "2")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let person = jonas(&app).await;
        // Links from a newsletter sent before the rotation, under key id 1.
        let before = LinkKeys::derive(common::TEST_SECRET.as_bytes(), &[], 1);
        let profile = issue(&before, person.id, Scope::Manage, app.clock.now());
        let unsubscribe = issue(&before, person.id, Scope::Unsubscribe { topic: "newsletter".into() }, app.clock.now());

        let page = app.visitor().get(&format!("/p?t={profile}")).await;
        assert!(page.contains("Get a new link"), "a retired key opens no profile: {}", page.html);
        let response = mail_client().post(app.url(&format!("/u?t={unsubscribe}"))).header("content-type", "application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click").send().await.unwrap();
        assert_eq!(response.status(), 200, "an old unsubscribe link works forever");
        assert_eq!(newsletter_state(&app, person.id).await, Some(ConsentState::Withdrawn));
        let fresh = profile_url(&app.ctx, person.id, app.clock.now());
        assert_eq!(app.visitor().get(&fresh).await.status, 200, "links minted now work");
    }

    async fn a_link_does_only_what_its_scope_allows(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let person = jonas(&app).await;
        let unsubscribe = unsubscribe_url(&app.ctx, person.id, "newsletter", app.clock.now());
        let unsubscribe_token = unsubscribe.split("t=").nth(1).unwrap();
        let mut reader = app.visitor();
        let page = reader.get(&format!("/p?t={unsubscribe_token}")).await;
        assert!(page.contains("Get a new link"), "an unsubscribe link does not open the profile");
        let page = reader.submit(SaveProfile::PATH, &[("t", unsubscribe_token)]).await;
        assert!(page.contains("Get a new link") || page.contains("This link has expired"), "nor save it");
        assert_eq!(newsletter_state(&app, person.id).await, Some(ConsentState::Granted));

        let manage = profile_url(&app.ctx, person.id, app.clock.now());
        let manage_token = manage.split("t=").nth(1).unwrap();
        let response = mail_client().post(app.url(&format!("/u?t={manage_token}"))).header("content-type", "application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click").send().await.unwrap();
        assert_eq!(response.status(), 400, "a profile link is not an unsubscribe link");
    }

    async fn manage_links_expire_and_can_be_revoked_but_unsubscribe_links_always_work(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let person = jonas(&app).await;
        let manage = profile_url(&app.ctx, person.id, app.clock.now());
        let unsubscribe = unsubscribe_url(&app.ctx, person.id, "newsletter", app.clock.now());
        let mut reader = app.visitor();
        assert!(reader.get(&manage).await.contains("j•••@example.net"));

        app.clock.advance(Duration::days(91));
        assert!(reader.get(&manage).await.contains("Get a new link"), "expired after 90 days");
        let fresh = profile_url(&app.ctx, person.id, app.clock.now());
        assert!(reader.get(&fresh).await.contains("j•••@example.net"));
        app.clock.advance(Duration::seconds(1));
        let older = profile_url(&app.ctx, person.id, app.clock.now());
        app.clock.advance(Duration::seconds(1));
        // The person stops every link from the page one of them opens.
        let page = reader.submit(RevokeProfileLinks::PATH, &[("t", fresh.split("t=").nth(1).unwrap())]).await;
        assert!(page.contains("has stopped working"), "{}", page.html);
        assert!(reader.get(&fresh).await.contains("Get a new link"), "revoked");
        assert!(reader.get(&older).await.contains("Get a new link"), "every link issued before, too");
        let revoked = prefcentre_app::store::audit_log::Entity::find().filter(prefcentre_app::store::audit_log::Column::Action.eq("links.revoked")).count(&app.ctx.db).await.unwrap();
        assert_eq!(revoked, 1, "on the record");
        app.clock.advance(Duration::seconds(1));
        assert_eq!(reader.get(&profile_url(&app.ctx, person.id, app.clock.now())).await.status, 200, "a link minted after works");

        app.clock.advance(Duration::days(3650));
        let response = mail_client().post(&unsubscribe).header("content-type", "application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click").send().await.unwrap();
        assert_eq!(response.status(), 200, "an old unsubscribe link still works after revocation and years");
        assert_eq!(newsletter_state(&app, person.id).await, Some(ConsentState::Withdrawn));
    }

    async fn an_expired_link_leads_to_a_fresh_one_by_mail(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let mut reader = app.visitor();
        let page = reader.get("/p?t=expired-or-garbage").await;
        assert!(page.contains("Get a new link"));
        let mut answers = Vec::new();
        for email in [JONAS, "nobody@example.org"] {
            reader.get("/p").await;
            let response = reader.post(FreshLink::PATH, &[("email", email)]).await;
            answers.push(response.headers()["location"].to_str().unwrap().to_owned());
        }
        assert_eq!(answers[0], answers[1], "the same answer for a stranger");
        let mail = sink.mail_to(JONAS, "Your link to choose what we send you").await;
        let link = mail.link_starting(&app.url("/p?t=")).unwrap();
        assert!(reader.get(&link).await.contains("j•••@example.net"));
        assert!(sink.received().iter().all(|m| m.to != "nobody@example.org"));
    }

    async fn a_confirmation_request_carries_one_click_unsubscribe_headers(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        let mut browser = app.visitor();
        browser.get("/subscribe").await;
        browser.submit(prefcentre_app::consents::api::Subscribe::PATH, &[("email", "header@example.org")]).await;
        let mail = sink.mail_to("header@example.org", "Please confirm your subscription").await;
        let list = &mail.headers["list-unsubscribe"];
        assert!(list.starts_with(&format!("<{}", app.url("/u?t="))), "{list}");
        assert!(list.contains(", <mailto:privacy@milestonesys.com?subject="));
        assert_eq!(mail.headers["list-unsubscribe-post"], "List-Unsubscribe=One-Click");
    }
}
