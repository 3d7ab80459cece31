//! Accounts and sign-in over HTTP, as a browser without JavaScript uses them, with mail
//! delivered to a real SMTP server.

use crate::common;

use chrono::Duration;
use common::{TestApp, smtp::SmtpSink};
use leptos::server_fn::ServerFn;
use prefcentre_app::auth::api::{RedeemLink, RequestMail, ResetPassword, SignIn, SignOut, SignUp};
use prefcentre_app::consents::api::{ConsentLink, Subscribe};
use prefcentre_app::store::people;
use sea_orm::{EntityTrait, PaginatorTrait};

const PASSWORD: &str = "a long and unusual passphrase";

async fn people_count(app: &TestApp) -> u64 {
    people::Entity::find().count(&app.ctx.db).await.unwrap()
}

/// Signs up `email` and confirms it through the link mailed to it.
async fn signed_up(app: &TestApp, sink: &SmtpSink, email: &str) -> common::browser::Browser {
    let mut browser = app.visitor();
    browser.get("/sign-up").await;
    let page = browser
        .submit(
            SignUp::PATH,
            &[
                ("name", "Astrid Holm"),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert!(page.contains("a message is on its way"), "{}", page.html);
    let mail = sink.mail_to(email, "Confirm your e-mail address").await;
    let link = mail
        .link_starting(&app.url("/verify-email?token="))
        .expect("a confirmation link");
    browser.get(&link).await;
    let page = browser
        .submit(
            RedeemLink::PATH,
            &[
                ("purpose", "confirm"),
                ("token", link.split("token=").nth(1).unwrap()),
            ],
        )
        .await;
    assert!(
        page.contains("Your e-mail address is confirmed"),
        "{}",
        page.html
    );
    browser
}

on_both_backends! {
    async fn a_person_signs_up_confirms_the_address_signs_out_and_in_again(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        let mut browser = signed_up(&app, &sink, "astrid@example.org").await;

        let account = browser.get("/account").await;
        assert_eq!(account.status, 200);
        assert!(account.contains("Astrid Holm") && account.contains("astrid@example.org"));

        let page = browser.submit(SignOut::PATH, &[]).await;
        assert!(page.contains("You are signed out."));
        assert_sent_to_sign_in(&browser.get("/account").await);

        browser.get("/sign-in").await;
        let page = browser.submit(SignIn::PATH, &[("email", "Astrid@Example.org "), ("password", PASSWORD)]).await;
        assert!(page.contains("You are signed in."), "{}", page.html);
        assert!(page.contains("Astrid Holm"), "the address is compared in canonical form");
    }

    async fn an_unconfirmed_account_cannot_sign_in_and_gets_a_new_link(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        let mut browser = app.visitor();
        browser.get("/sign-up").await;
        browser.submit(SignUp::PATH, &[("name", "Bo"), ("email", "bo@example.org"), ("password", PASSWORD)]).await;
        sink.wait_for(1).await;

        browser.get("/sign-in").await;
        let page = browser.submit(SignIn::PATH, &[("email", "bo@example.org"), ("password", PASSWORD)]).await;
        assert!(page.contains("Please confirm your e-mail address first"), "{}", page.html);
        assert_sent_to_sign_in(&browser.get("/account").await);
        let mails = sink.wait_for(2).await;
        assert!(mails.iter().all(|m| m.subject == "Confirm your e-mail address"));
    }

    async fn a_sign_in_link_works_once_within_ten_minutes_and_opening_it_changes_nothing(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        signed_up(&app, &sink, "cleo@example.org").await;

        let mut browser = app.visitor();
        browser.get("/sign-in").await;
        let page = browser.submit(RequestMail::PATH, &[("purpose", "sign-in-link"), ("email", "cleo@example.org")]).await;
        assert!(page.contains("a sign-in link is on its way"), "{}", page.html);
        let mail = sink.mail_to("cleo@example.org", "Your sign-in link").await;
        let link = mail.link_starting(&app.url("/sign-in/link?token=")).unwrap();
        let token = link.split("token=").nth(1).unwrap().to_owned();

        // A mail scanner opens the link twice: nobody is signed in, the token still works.
        let mut scanner = app.visitor();
        for _ in 0..2 {
            let page = scanner.get(&link).await;
            assert!(page.contains("Sign me in"));
        }
        assert_sent_to_sign_in(&scanner.get("/account").await);

        browser.get(&link).await;
        let page = browser.submit(RedeemLink::PATH, &[("purpose", "sign-in"), ("token", &token)]).await;
        assert!(page.contains("You are signed in."));

        let mut replay = app.visitor();
        let page = replay.get(&link).await;
        assert!(page.contains("This link has expired or has already been used."));
        assert!(!page.contains("Sign me in"), "a spent link offers no button");
        replay.get("/sign-in").await;
        let page = replay.submit(RedeemLink::PATH, &[("purpose", "sign-in"), ("token", &token)]).await;
        assert!(page.contains("This link has expired or has already been used."));
        assert_sent_to_sign_in(&replay.get("/account").await);
    }

    async fn a_sign_in_link_expires_after_ten_minutes(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        signed_up(&app, &sink, "dag@example.org").await;
        let mut browser = app.visitor();
        browser.get("/sign-in").await;
        browser.submit(RequestMail::PATH, &[("purpose", "sign-in-link"), ("email", "dag@example.org")]).await;
        let link = sink.mail_to("dag@example.org", "Your sign-in link").await.link_starting(&app.url("/sign-in/link?token=")).unwrap();

        app.clock.advance(Duration::minutes(10) + Duration::seconds(1));
        let page = browser.get(&link).await;
        assert!(page.contains("This link has expired or has already been used."));
        let token = link.split("token=").nth(1).unwrap();
        let page = browser.submit(RedeemLink::PATH, &[("purpose", "sign-in"), ("token", token)]).await;
        assert!(page.contains("This link has expired or has already been used."));
        assert_sent_to_sign_in(&browser.get("/account").await);
    }

    async fn a_password_reset_ends_other_sessions_and_sends_a_notice(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        let mut laptop = signed_up(&app, &sink, "eva@example.org").await;
        assert_eq!(laptop.get("/account").await.status, 200);

        let mut phone = app.visitor();
        phone.get("/forgot-password").await;
        let page = phone.submit(RequestMail::PATH, &[("purpose", "password-reset"), ("email", "eva@example.org")]).await;
        assert!(page.contains("a link to choose a new password is on its way"));
        let mail = sink.mail_to("eva@example.org", "Choose a new password").await;
        let link = mail.link_starting(&app.url("/reset-password?token=")).unwrap();
        let token = link.split("token=").nth(1).unwrap().to_owned();

        phone.get(&link).await;
        let page = phone.submit(ResetPassword::PATH, &[("token", &token), ("password", "password1")]).await;
        assert!(page.contains("one of the most common"), "a common password is refused next to the field: {}", page.html);
        let page = phone.submit(ResetPassword::PATH, &[("token", &token), ("password", "a brand new passphrase")]).await;
        assert!(page.contains("Your password is changed and you are signed in."), "{}", page.html);

        assert_sent_to_sign_in(&laptop.get("/account").await);
        sink.mail_to("eva@example.org", "Your password was changed").await;

        let mut again = app.visitor();
        again.get("/sign-in").await;
        let page = again.submit(SignIn::PATH, &[("email", "eva@example.org"), ("password", PASSWORD)]).await;
        assert!(page.contains("The e-mail address or the password is not right."));
        let page = again.submit(SignIn::PATH, &[("email", "eva@example.org"), ("password", "a brand new passphrase")]).await;
        assert!(page.contains("You are signed in."));
    }

    async fn the_session_id_changes_at_sign_in(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        signed_up(&app, &sink, "finn@example.org").await;
        let mut browser = app.visitor();
        browser.get("/sign-in").await;
        // A failed attempt leaves a session (holding the form's messages) before sign-in.
        let failed = browser.post(SignIn::PATH, &[("email", "finn@example.org"), ("password", "wrong password")]).await;
        let before = session_cookie(&failed);
        browser.get("/sign-in").await;
        let signed_in = browser.post(SignIn::PATH, &[("email", "finn@example.org"), ("password", PASSWORD)]).await;
        let after = session_cookie(&signed_in);
        assert!(before.is_some() && after.is_some());
        assert_ne!(before, after);
    }

    async fn the_csrf_secret_changes_at_sign_in_and_sign_out(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        signed_up(&app, &sink, "gro@example.org").await;
        let mut browser = app.visitor();
        let before = browser.get("/sign-in").await;
        let old_token = common::browser::extract_csrf(&before.html).unwrap();
        let old_cookie = csrf_cookie(&before.headers);
        let signed_in = browser.post(SignIn::PATH, &[("email", "gro@example.org"), ("password", PASSWORD)]).await;
        let new_cookie = csrf_cookie(signed_in.headers());
        assert!(old_cookie.is_some() && new_cookie.is_some(), "a new secret comes with the sign-in");
        assert_ne!(old_cookie, new_cookie);

        // A token read before sign-in no longer passes.
        let stale = browser.client.post(app.url(SignOut::PATH)).header("origin", &app.address).form(&[("csrf_token", old_token.as_str())]).send().await.unwrap();
        assert_eq!(stale.status(), 403);
        assert_eq!(browser.get("/account").await.status, 200, "still signed in");

        browser.get("/account").await;
        let signed_out = browser.post(SignOut::PATH, &[]).await;
        let after = csrf_cookie(signed_out.headers());
        assert!(after.is_some() && after != new_cookie, "and another at sign-out");
    }

    async fn a_sign_in_link_says_whose_account_it_opens_and_ends_a_staff_identity(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        signed_up(&app, &sink, "hedda@example.org").await;
        let mut browser = app.visitor();
        browser.get("/sign-in").await;
        browser.submit(RequestMail::PATH, &[("purpose", "sign-in-link"), ("email", "hedda@example.org")]).await;
        let link = sink.mail_to("hedda@example.org", "Your sign-in link").await.link_starting(&app.url("/sign-in/link?token=")).unwrap();
        let page = browser.get(&link).await;
        assert!(page.contains("This link signs in to the account of") && page.contains("<strong>hedda@example.org</strong>"), "{}", page.html);

        // A staff member signed in on this browser follows the link: the person's session has
        // no staff identity in it.
        let (secret, _) = common::staff::enrolled(&app, prefcentre_app::domain::StaffRole::Admin).await;
        app.clock.advance(Duration::seconds(30));
        browser.get("/admin/sign-in").await;
        let staff = browser.submit(prefcentre_app::admin::sign_in::api::StaffSignIn::PATH, &[("email", common::staff::STAFF), ("password", common::staff::STAFF_PASSWORD), ("code", &common::staff::code_now(&app, &secret))]).await;
        assert!(staff.contains("Signed in as"), "{}", staff.html);
        browser.get(&link).await;
        let page = browser.submit(RedeemLink::PATH, &[("purpose", "sign-in"), ("token", link.split("token=").nth(1).unwrap())]).await;
        assert!(page.contains("You are signed in."), "{}", page.html);
        let admin = browser.get("/admin").await;
        assert!(admin.status.is_redirection() || !admin.contains("Signed in as"), "the staff identity is gone: {}", admin.html);
    }

    async fn a_password_planted_before_the_address_was_proven_dies_when_the_owner_uses_a_sign_in_link(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        planted_account(&app, &sink, "owner@example.org").await;

        let mut owner = app.visitor();
        owner.get("/sign-in").await;
        owner.submit(RequestMail::PATH, &[("purpose", "sign-in-link"), ("email", "owner@example.org")]).await;
        let link = sink.mail_to("owner@example.org", "Your sign-in link").await.link_starting(&app.url("/sign-in/link?token=")).unwrap();
        owner.get(&link).await;
        let page = owner.submit(RedeemLink::PATH, &[("purpose", "sign-in"), ("token", link.split("token=").nth(1).unwrap())]).await;
        assert!(page.contains("You are signed in."), "{}", page.html);

        assert!(!planted_password_signs_in(&app, "owner@example.org").await, "the planted password opens the owner's account");
        let security = owner.get("/account/security").await;
        assert!(security.contains("Choose a password"), "the owner chooses a password of their own: {}", security.html);
    }

    async fn a_password_planted_before_the_address_was_proven_dies_when_the_owner_confirms_a_subscription(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        planted_account(&app, &sink, "reader@example.org").await;

        let mut owner = app.visitor();
        owner.get("/subscribe").await;
        owner.submit(Subscribe::PATH, &[("email", "reader@example.org")]).await;
        let link = sink.mail_to("reader@example.org", "Please confirm your subscription").await.link_starting(&app.url("/consents/confirm?token=")).unwrap();
        owner.get(&link).await;
        let page = owner.submit(ConsentLink::PATH, &[("action", "confirm"), ("token", link.split("token=").nth(1).unwrap())]).await;
        assert!(page.contains("your subscription is confirmed"), "{}", page.html);

        assert!(!planted_password_signs_in(&app, "reader@example.org").await, "the planted password opens the owner's account");
    }

    async fn a_password_planted_before_the_address_was_proven_dies_when_the_owner_resets_it(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        planted_account(&app, &sink, "resetter@example.org").await;

        let mut owner = app.visitor();
        owner.get("/forgot-password").await;
        owner.submit(RequestMail::PATH, &[("purpose", "password-reset"), ("email", "resetter@example.org")]).await;
        let link = sink.mail_to("resetter@example.org", "Choose a new password").await.link_starting(&app.url("/reset-password?token=")).unwrap();
        owner.get(&link).await;
        let page = owner.submit(ResetPassword::PATH, &[("token", link.split("token=").nth(1).unwrap()), ("password", "the owner's own passphrase")]).await;
        assert!(page.contains("Your password is changed and you are signed in."), "{}", page.html);

        assert!(!planted_password_signs_in(&app, "resetter@example.org").await);
    }

    async fn a_password_set_at_sign_up_holds_once_that_sign_up_is_confirmed(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        planted_account(&app, &sink, "self@example.org").await;
        let link = sink.mail_to("self@example.org", "Confirm your e-mail address").await.link_starting(&app.url("/verify-email?token=")).unwrap();
        let mut inbox = app.visitor();
        inbox.get(&link).await;
        let page = inbox.submit(RedeemLink::PATH, &[("purpose", "confirm"), ("token", link.split("token=").nth(1).unwrap())]).await;
        assert!(page.contains("Your e-mail address is confirmed"), "{}", page.html);
        assert!(planted_password_signs_in(&app, "self@example.org").await, "the sign-up's own confirmation proves its password");
    }
}

/// Someone who does not own `email` signs up with it and a password of their choice, and never
/// confirms (the confirmation goes to the real owner, who ignores it).
async fn planted_account(app: &TestApp, sink: &SmtpSink, email: &str) {
    let mut attacker = app.visitor();
    attacker.get("/sign-up").await;
    attacker
        .submit(
            SignUp::PATH,
            &[("name", "Mallory"), ("email", email), ("password", PLANTED)],
        )
        .await;
    sink.mail_to(email, "Confirm your e-mail address").await;
}

/// What the planter sees when they try their password after the owner proved the address.
async fn planted_password_signs_in(app: &TestApp, email: &str) -> bool {
    let mut attacker = app.visitor();
    attacker.get("/sign-in").await;
    let page = attacker
        .submit(SignIn::PATH, &[("email", email), ("password", PLANTED)])
        .await;
    let signed_in = page.contains("You are signed in.");
    assert!(
        signed_in || page.contains("The e-mail address or the password is not right."),
        "{}",
        page.html
    );
    signed_in
}

const PLANTED: &str = "the planted passphrase";

/// The account page of someone not signed in redirects to the sign-in page.
fn assert_sent_to_sign_in(page: &common::browser::Page) {
    assert!(page.status.is_redirection(), "status {}", page.status);
    assert_eq!(page.headers["location"], "/sign-in");
}

fn csrf_cookie(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("prefcentre-csrf="))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("prefcentre="))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

#[tokio::test]
async fn the_demo_account_holder_signs_in_with_the_printed_password() {
    let app = TestApp::spawn(common::Backend::Sqlite).await;
    prefcentre_app::demo::seed_demo(&app.ctx).await.unwrap();
    assert_eq!(people_count(&app).await, 2);
    let mut browser = app.visitor();
    browser.get("/sign-in").await;
    let page = browser
        .submit(
            SignIn::PATH,
            &[
                ("email", "ada.lindqvist@example.com"),
                ("password", "demo passphrase for Ada"),
            ],
        )
        .await;
    assert!(page.contains("Ada Lindqvist"), "{}", page.html);
}
