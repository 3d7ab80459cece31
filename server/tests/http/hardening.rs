//! Web hardening on the sign-in forms: CSRF, no user enumeration, rate limits, bad input.

use crate::common;

use common::{TestApp, browser::extract_csrf, smtp::SmtpSink};
use leptos::server_fn::ServerFn;
use prefcentre_app::auth::api::{RequestMail, SignIn, SignUp};
use prefcentre_app::store::outbox;
use prefcentre_app::store::people;
use sea_orm::{EntityTrait, PaginatorTrait};

const PASSWORD: &str = "a long and unusual passphrase";

async fn counts(app: &TestApp) -> (u64, u64) {
    (
        people::Entity::find().count(&app.ctx.db).await.unwrap(),
        outbox::Entity::find().count(&app.ctx.db).await.unwrap(),
    )
}

/// A page's `<main>` with the per-response parts (nonce, CSRF token) removed.
fn comparable(html: &str) -> String {
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap();
    let main = &html[start..end];
    match extract_csrf(main) {
        Some(token) => main.replace(&token, "TOKEN"),
        None => main.to_owned(),
    }
}

async fn with_account(app: &TestApp, email: &str) {
    let mut browser = app.visitor();
    browser.get("/sign-up").await;
    browser
        .submit(
            SignUp::PATH,
            &[
                ("name", "Known Person"),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await;
}

/// An account whose address is confirmed directly: the tests using it are about the limits.
async fn with_confirmed_account(app: &TestApp, email: &str) {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
    with_account(app, email).await;
    let person = people::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let mut active = person.into_active_model();
    active.email_verified_at = Set(Some(chrono::Utc::now()));
    active.update(&app.ctx.db).await.unwrap();
}

/// One password sign-in from `ip` (behind the trusted proxy), as a script: the status says how
/// it was answered.
async fn password_attempt(
    app: &TestApp,
    ip: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let mut browser = app.visitor();
    let html = browser.get("/sign-in").await.html;
    browser
        .client
        .post(app.url(SignIn::PATH))
        .header("origin", &app.address)
        .header("x-forwarded-for", ip)
        .header("accept", "application/json")
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf_token", &extract_csrf(&html).unwrap()),
        ])
        .send()
        .await
        .unwrap()
}

on_both_backends! {
    async fn a_cross_site_post_is_refused_and_changes_nothing(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let mut browser = app.visitor();
        browser.get("/sign-up").await;
        let token = extract_csrf(&browser.get("/sign-up").await.html).unwrap();
        let fields = [("name", "Mallory"), ("email", "m@example.org"), ("password", PASSWORD), ("csrf_token", token.as_str())];
        let before = counts(&app).await;

        let cases: [(&str, Option<&str>, Option<&str>, bool); 4] = [
            ("cross-site fetch metadata", Some("cross-site"), None, true),
            ("foreign origin", None, Some("https://evil.example"), true),
            ("null origin", None, Some("null"), true),
            ("no token", Some("same-origin"), None, false),
        ];
        for (case, site, origin, with_token) in cases {
            let mut request = browser.client.post(app.url(SignUp::PATH));
            if let Some(site) = site {
                request = request.header("sec-fetch-site", site);
            }
            if let Some(origin) = origin {
                request = request.header("origin", origin);
            }
            let form: Vec<_> = if with_token { fields.to_vec() } else { fields[..3].to_vec() };
            let response = request.form(&form).send().await.unwrap();
            assert_eq!(response.status(), 403, "{case}");
            assert!(response.text().await.unwrap().contains("This form has expired"), "{case}");
        }
        let forged = browser
            .client
            .post(app.url(SignUp::PATH))
            .header("origin", &app.address)
            .form(&[("name", "M"), ("email", "m@example.org"), ("password", PASSWORD), ("csrf_token", "Zm9yZ2Vk")])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 403, "a made-up token");
        assert_eq!(counts(&app).await, before, "nothing was written");

        let genuine = browser.post(SignUp::PATH, &[("name", "Mallory"), ("email", "m@example.org"), ("password", PASSWORD)]).await;
        assert_eq!(genuine.status(), 302, "the same post from the site itself goes through");
    }

    async fn sign_in_answers_alike_for_an_unknown_address_and_a_wrong_password(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        with_account(&app, "known@example.org").await;
        let mut answers = Vec::new();
        for email in ["known@example.org", "nobody@example.org"] {
            let mut browser = app.visitor();
            browser.get("/sign-in").await;
            let response = browser.post(SignIn::PATH, &[("email", email), ("password", "not the password")]).await;
            let status = response.status();
            let page = browser.get("/sign-in").await;
            answers.push((status, comparable(&page.html).replace(email, "EMAIL")));
        }
        assert_eq!(answers[0], answers[1]);
        assert!(answers[0].1.contains("The e-mail address or the password is not right."));
    }

    async fn mail_forms_answer_alike_whether_or_not_the_address_has_an_account(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        with_account(&app, "known@example.org").await;
        sink.wait_for(1).await;
        for (purpose, page) in [("sign-in-link", "/sign-in"), ("password-reset", "/forgot-password"), ("confirmation", "/resend-confirmation")] {
            let mut answers = Vec::new();
            for email in ["known@example.org", "nobody@example.org"] {
                let mut browser = app.visitor();
                browser.get(page).await;
                let response = browser.post(RequestMail::PATH, &[("purpose", purpose), ("email", email)]).await;
                let location = response.headers()["location"].to_str().unwrap().to_owned();
                let next = browser.get(&location).await;
                answers.push((location, comparable(&next.html), next.html.contains("is on its way")));
            }
            assert_eq!(answers[0], answers[1], "{purpose}");
            assert!(answers[0].2, "{purpose}");
            // Each address may receive three such mails an hour; start the next form afresh.
            app.clock.advance(chrono::Duration::hours(1));
        }
        // Sign-up too: the known address learns by e-mail that it has an account.
        let mut answers = Vec::new();
        for email in ["known@example.org", "new@example.org"] {
            let mut browser = app.visitor();
            browser.get("/sign-up").await;
            let page = browser.submit(SignUp::PATH, &[("name", "Someone"), ("email", email), ("password", PASSWORD)]).await;
            answers.push(comparable(&page.html));
        }
        assert_eq!(answers[0], answers[1]);
        sink.mail_to("known@example.org", "You already have an account").await;
        sink.mail_to("new@example.org", "Confirm your e-mail address").await;
        let to_nobody = sink.received().iter().filter(|m| m.to == "nobody@example.org").count();
        assert_eq!(to_nobody, 0, "no mail goes to an address without an account");
    }

    async fn repeated_wrong_passwords_are_limited_without_locking_the_owner_out(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_TRUSTED_PROXIES", "127.0.0.1")]).await;
        with_confirmed_account(&app, "target@example.org").await;

        let attacker_ip = "198.51.100.66";
        let mut attacker = app.visitor();
        attacker.get("/sign-in").await;
        for attempt in 1..=5 {
            let response = attacker
                .client
                .post(app.url(SignIn::PATH))
                .header("origin", &app.address)
                .header("x-forwarded-for", attacker_ip)
                .header("accept", "application/json")
                .form(&[("email", "target@example.org"), ("password", "guess"), ("csrf_token", &extract_csrf(&attacker.get("/sign-in").await.html).unwrap())])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 422, "attempt {attempt} is answered");
        }
        let token = extract_csrf(&attacker.get("/sign-in").await.html).unwrap();
        let limited = attacker
            .client
            .post(app.url(SignIn::PATH))
            .header("origin", &app.address)
            .header("x-forwarded-for", attacker_ip)
            .header("accept", "application/json")
            .form(&[("email", "target@example.org"), ("password", PASSWORD), ("csrf_token", &token)])
            .send()
            .await
            .unwrap();
        assert_eq!(limited.status(), 429, "even the right password waits once the limit is reached");
        let body: serde_json::Value = limited.json().await.unwrap();
        assert_eq!(body["problem"], "Too many attempts. Try again in 15 minutes.");

        // The owner, from their own address, is not locked out.
        let mut owner = app.visitor();
        owner.get("/sign-in").await;
        let response = owner
            .client
            .post(app.url(SignIn::PATH))
            .header("origin", &app.address)
            .header("x-forwarded-for", "203.0.113.10")
            .form(&[("email", "target@example.org"), ("password", PASSWORD), ("csrf_token", &extract_csrf(&owner.get("/sign-in").await.html).unwrap())])
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["location"], "/account");
    }

    async fn guesses_spread_over_many_ips_close_only_the_password_path_of_that_address(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_TRUSTED_PROXIES", "127.0.0.1")]).await;
        with_confirmed_account(&app, "spread@example.org").await;

        // Two guesses from each of ten addresses: never five from one.
        for i in 0..20 {
            let response = password_attempt(&app, &format!("198.51.100.{}", i / 2), "spread@example.org", "guess").await;
            assert_eq!(response.status(), 422, "guess {i}");
        }
        let response = password_attempt(&app, "198.51.100.200", "spread@example.org", PASSWORD).await;
        assert_eq!(response.status(), 429, "even the right password waits on the password path");
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(body["problem"].as_str().unwrap().contains("sign in with an e-mailed link"), "{body}");

        // The owner is not locked out: the e-mailed link still signs them in.
        let mut owner = app.visitor();
        owner.get("/sign-in").await;
        let page = owner.submit(RequestMail::PATH, &[("purpose", "sign-in-link"), ("email", "spread@example.org")]).await;
        assert!(page.contains("a sign-in link is on its way"), "{}", page.html);
    }

    async fn every_forwarded_for_line_is_read_so_the_client_cannot_choose_its_ip(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_TRUSTED_PROXIES", "127.0.0.1")]).await;
        let mut browser = app.visitor();
        let html = browser.get("/sign-in").await.html;
        // The client sends its own header; the proxy appends a second line with what it saw.
        let response = browser
            .client
            .post(app.url(SignIn::PATH))
            .header("origin", &app.address)
            .header("x-forwarded-for", "1.2.3.4")
            .header("x-forwarded-for", "203.0.113.77")
            .form(&[("email", "nobody@example.org"), ("password", "guess"), ("csrf_token", &extract_csrf(&html).unwrap())])
            .send()
            .await
            .unwrap();
        assert!(response.status().is_redirection());
        use prefcentre_app::store::audit_log as audit;
        use sea_orm::{ColumnTrait, QueryFilter};
        let failed = audit::Entity::find().filter(audit::Column::Action.eq("auth.sign_in_failed")).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!(failed.ip.as_deref(), Some("203.0.113.77"));
    }

    async fn an_address_gets_at_most_three_mails_an_hour_from_the_forms(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        with_account(&app, "inbox@example.org").await; // the confirmation: one of three
        let mut browser = app.visitor();
        for round in 0..2 {
            browser.get("/sign-in").await;
            let page = browser.submit(RequestMail::PATH, &[("purpose", "sign-in-link"), ("email", "inbox@example.org")]).await;
            assert!(page.contains("is on its way"), "round {round}");
        }
        browser.get("/sign-in").await;
        let page = browser.submit(RequestMail::PATH, &[("purpose", "sign-in-link"), ("email", "INBOX@example.org")]).await;
        assert!(page.contains("Too many attempts. Try again in 60 minutes."), "{}", page.html);
        let mails = outbox::Entity::find().count(&app.ctx.db).await.unwrap();
        assert_eq!(mails, 3);

        app.clock.advance(chrono::Duration::hours(1));
        browser.get("/sign-in").await;
        let page = browser.submit(RequestMail::PATH, &[("purpose", "sign-in-link"), ("email", "inbox@example.org")]).await;
        assert!(page.contains("is on its way"), "the window passed");
    }

    async fn bad_input_gets_a_message_next_to_the_field_and_changes_nothing(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let mut browser = app.visitor();
        let long = "x".repeat(300);
        let cases: Vec<(Vec<(&str, &str)>, &str, &str)> = vec![
            (vec![("name", "Ada"), ("email", "not-an-address"), ("password", PASSWORD)], "email", "Enter an e-mail address in the form name@example.com."),
            (vec![("name", "Ada"), ("email", ""), ("password", PASSWORD)], "email", "Enter your e-mail address."),
            (vec![("name", "Ada"), ("email", &long), ("password", PASSWORD)], "email", "An e-mail address has at most 254 characters."),
            (vec![("name", "Ada\u{7}"), ("email", "ada@example.org"), ("password", PASSWORD)], "name", "Remove the control characters from your name."),
            (vec![("name", "   "), ("email", "ada@example.org"), ("password", PASSWORD)], "name", "Enter your name."),
            (vec![("name", &long), ("email", "ada@example.org"), ("password", PASSWORD)], "name", "Use at most 200 characters."),
            (vec![("name", "Ada"), ("email", "ada@example.org"), ("password", "short")], "password", "Use at least 8 characters."),
            (vec![("name", "Ada"), ("email", "ada@example.org"), ("password", "iloveyou")], "password", "one of the most common"),
        ];
        for (fields, field, message) in cases {
            browser.get("/sign-up").await;
            let page = browser.submit(SignUp::PATH, &fields).await;
            let error_at = page.html.find(&format!("id=\"field-{field}-error\"")).unwrap_or_else(|| panic!("{field}: {}", page.html));
            assert!(page.html[error_at..].contains(message), "{field}: {message}");
            assert!(page.html.contains("aria-invalid=\"true\""));
            assert_eq!(counts(&app).await, (0, 0), "nothing written for {field}");
        }
        // The values typed come back, the password never does.
        browser.get("/sign-up").await;
        let page = browser.submit(SignUp::PATH, &[("name", "Ada Lovelace"), ("email", "ada@"), ("password", PASSWORD)]).await;
        assert!(page.contains("value=\"Ada Lovelace\""));
        assert!(!page.contains(PASSWORD));
    }

    async fn every_address_form_refuses_bad_input_next_to_the_field(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let mut browser = app.visitor();
        let long = format!("{}@example.org", "a".repeat(250));
        for (page, form) in [("/sign-in", "sign-in-link"), ("/forgot-password", "password-reset"), ("/resend-confirmation", "confirmation")] {
            for (email, message) in [
                ("", "Enter your e-mail address."),
                ("no-at-sign", "Enter an e-mail address in the form name@example.com."),
                ("a@b\u{0}.org", "Enter an e-mail address in the form name@example.com."),
                (long.as_str(), "An e-mail address has at most 254 characters."),
            ] {
                browser.get(page).await;
                let next = browser.submit(RequestMail::PATH, &[("purpose", form), ("email", email)]).await;
                // The e-mail field's message: `field-email-error`, or `field-email-2-error` for
                // the sign-in page's second form (each control has its own id).
                let error_at = next
                    .html
                    .match_indices(" id=\"field-email")
                    .map(|(at, _)| at)
                    .find(|at| next.html[*at..].split('"').nth(1).is_some_and(|id| id.ends_with("-error")))
                    .unwrap_or_else(|| panic!("{form} {email:?}"));
                assert!(next.html[error_at..].contains(message), "{form} {email:?}");
            }
        }
        browser.get("/sign-in").await;
        let page = browser.submit(SignIn::PATH, &[("email", ""), ("password", "")]).await;
        assert!(page.contains("Enter your e-mail address.") && page.contains("Enter your password."));
        assert_eq!(counts(&app).await, (0, 0));
    }

    async fn malformed_or_missing_arguments_get_400_and_change_nothing(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let mut browser = app.visitor();
        browser.get("/sign-up").await;
        let missing = browser.post(SignUp::PATH, &[("name", "Ada")]).await;
        assert_eq!(missing.status(), 400);
        browser.get("/sign-in").await;
        let wrong_kind = browser.post(RequestMail::PATH, &[("purpose", "launch-missiles"), ("email", "a@example.org")]).await;
        assert_eq!(wrong_kind.status(), 400);

        let token = extract_csrf(&browser.get("/sign-in").await.html).unwrap();
        let scripted = browser
            .client
            .post(app.url(SignIn::PATH))
            .header("origin", &app.address)
            .header("accept", "application/json")
            .header("x-csrf-token", token)
            .form(&[("email", "a@example.org")])
            .send()
            .await
            .unwrap();
        assert_eq!(scripted.status(), 400);
        assert_eq!(counts(&app).await, (0, 0));
    }

    async fn a_script_gets_field_messages_as_json_with_422(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let mut browser = app.visitor();
        let token = extract_csrf(&browser.get("/sign-up").await.html).unwrap();
        let response = browser
            .client
            .post(app.url(SignUp::PATH))
            .header("origin", &app.address)
            .header("accept", "application/json")
            .header("x-csrf-token", token)
            .form(&[("name", "Ada"), ("email", "ada@example"), ("password", "12345678")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["errors"]["email"], "Enter an e-mail address in the form name@example.com.");
        assert!(body["errors"]["password"].as_str().is_some_and(|m| m.contains("most common")), "{body}");
        assert!(body["values"].get("password").is_none());
    }
}
