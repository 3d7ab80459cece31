//! Accounts and sign-in over HTTP, as a browser without JavaScript uses them, with mail
//! delivered to a real SMTP server.

mod common;

use chrono::Duration;
use common::{TestApp, smtp::SmtpSink};
use leptos::server_fn::ServerFn;
use prefcentre_app::auth::api::{RedeemLink, RequestMail, ResetPassword, SignIn, SignOut, SignUp};
use prefcentre_app::people::entity as people;
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
}

/// The account page of someone not signed in redirects to the sign-in page.
fn assert_sent_to_sign_in(page: &common::browser::Page) {
    assert!(page.status.is_redirection(), "status {}", page.status);
    assert_eq!(page.headers["location"], "/sign-in");
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
