//! The site frame over HTTP: pages, status codes, headers, health.

use crate::common;

use common::TestApp;
use leptos::server_fn::ServerFn;
use prefcentre_app::platform::clock::Clock;

async fn session_rows(app: &TestApp) -> u64 {
    use prefcentre_app::store::sessions;
    use sea_orm::{EntityTrait, PaginatorTrait};
    sessions::Entity::find().count(&app.ctx.db).await.unwrap()
}

/// Makes the sessions table refuse (or take again) every update, on either back-end.
async fn refuse_session_updates(app: &TestApp, refuse: bool) {
    use sea_orm::{ConnectionTrait, DbBackend};
    let db = &app.ctx.db;
    let statements: &[&str] = match (db.get_database_backend(), refuse) {
        (DbBackend::Sqlite, true) => &[
            "CREATE TRIGGER sessions_refuse BEFORE UPDATE ON sessions BEGIN SELECT RAISE(ABORT, 'disk full'); END",
        ],
        (DbBackend::Sqlite, false) => &["DROP TRIGGER sessions_refuse"],
        (_, true) => &[
            "CREATE FUNCTION refuse_update() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER sessions_refuse BEFORE UPDATE ON sessions FOR EACH ROW EXECUTE FUNCTION refuse_update()",
        ],
        (_, false) => &[
            "DROP TRIGGER sessions_refuse ON sessions",
            "DROP FUNCTION refuse_update()",
        ],
    };
    for statement in statements {
        db.execute_unprepared(statement).await.unwrap();
    }
}

on_both_backends! {
    async fn a_forged_or_stale_session_cookie_writes_no_session_row(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        prefcentre_app::demo::seed_demo(&app.ctx).await.unwrap();
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let forged = "prefcentre=AAAAAAAAAAAAAAAAAAAAAA";
        for path in ["/", "/sign-in", "/account", "/p?t=garbage", "/privacy", "/admin"] {
            for _ in 0..3 {
                let response = client.get(app.url(path)).header("cookie", forged).header("accept", "text/html").send().await.unwrap();
                assert!(response.status().as_u16() < 500, "{path}: {}", response.status());
            }
        }
        assert_eq!(session_rows(&app).await, 0, "a visitor with nothing to keep gets no row");

        // A session that ran out: its cookie writes nothing either.
        let mut browser = app.visitor();
        browser.get("/sign-in").await;
        browser.submit(prefcentre_app::auth::api::SignIn::PATH, &[("email", "ada.lindqvist@example.com"), ("password", "demo passphrase for Ada")]).await;
        assert_eq!(session_rows(&app).await, 1);
        app.clock.advance(chrono::Duration::minutes(31));
        for path in ["/", "/account", "/sign-in"] {
            browser.get(path).await;
        }
        assert_eq!(session_rows(&app).await, 1, "the expired row stays for the clean-up job; nothing new is written");
    }

    async fn a_last_seen_write_that_fails_is_logged_and_the_page_still_answers(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        prefcentre_app::demo::seed_demo(&app.ctx).await.unwrap();
        let mut browser = app.visitor();
        browser.get("/sign-in").await;
        browser.submit(prefcentre_app::auth::api::SignIn::PATH, &[("email", "ada.lindqvist@example.com"), ("password", "demo passphrase for Ada")]).await;
        assert_eq!(browser.get("/account").await.status, 200);

        // The session table refuses every update, as a full disk or a lost connection would.
        refuse_session_updates(&app, true).await;
        app.clock.advance(chrono::Duration::minutes(2));
        let page = browser.get("/account").await;
        assert_eq!(page.status, 200, "a touch that fails is not the visitor's problem");
        assert!(page.contains("Ada"), "still signed in");

        // Once the database takes writes again, activity is recorded and the cookie renewed.
        refuse_session_updates(&app, false).await;
        app.clock.advance(chrono::Duration::minutes(2));
        let page = browser.get("/account").await;
        assert_eq!(page.status, 200);
        let renewed = page.headers.get_all("set-cookie").iter().filter_map(|c| c.to_str().ok()).any(|c| c.starts_with("prefcentre=") && c.contains("Max-Age="));
        assert!(renewed, "the idle expiry moves in the browser too: {:?}", page.headers);
        let row = {
            use prefcentre_app::store::sessions;
            use sea_orm::EntityTrait;
            sessions::Entity::find().one(&app.ctx.db).await.unwrap().unwrap()
        };
        let data: serde_json::Value = serde_json::from_str(&row.data).unwrap();
        let seen: chrono::DateTime<chrono::Utc> = serde_json::from_value(data["seen_at"].clone()).unwrap();
        assert_eq!(seen, app.clock.now(), "last seen is now");
        assert!(row.expires_at > app.clock.now() + chrono::Duration::minutes(29), "the idle expiry rolled");
    }

    async fn a_server_function_given_a_huge_malformed_argument_answers_400(backend: Backend) {
        // Found by the property tests: the error echoes the argument, and an error body past
        // 4 kB was read as empty and answered 500.
        let app = TestApp::spawn(backend).await;
        let mut browser = app.visitor();
        browser.get("/sign-in").await;
        let purpose = "x".repeat(40_000);
        let response = browser.post_as_script(prefcentre_app::auth::api::RequestMail::PATH, &[("purpose", &purpose)]).await;
        assert_eq!(response.status(), 400);
    }

    async fn the_home_page_renders_with_landmarks_and_the_organisation_in_the_footer(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.browser().get(app.url("/")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let html = response.text().await.unwrap();
        assert!(html.contains("<html lang=\"en\""));
        assert!(html.contains("href=\"#main\" class=\"skip-link\""), "a skip link leads to the main landmark");
        assert!(html.contains("<main id=\"main\""));
        assert!(html.contains("<nav"));
        assert!(html.contains("Your data, your choices"));
        assert!(html.contains("Milestone Systems A/S"));
        assert!(html.contains("Datatilsynet"));
        assert!(html.contains("mailto:privacy@milestonesys.com"));
    }

    async fn a_page_carries_a_nonce_policy_and_the_same_nonce_on_its_scripts(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.browser().get(app.url("/")).send().await.unwrap();
        let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("script-src has a nonce")
            .to_owned();
        assert!(nonce.len() >= 22, "the nonce carries at least 128 bits");
        assert!(csp.contains("'strict-dynamic'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        let html = response.text().await.unwrap();
        assert!(html.contains(&format!("nonce=\"{nonce}\"")), "hydration scripts carry the nonce");

        let again = app.browser().get(app.url("/")).send().await.unwrap();
        let second = again.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert_ne!(csp, second, "every response gets a fresh nonce");
    }

    async fn every_response_carries_the_protective_headers(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        for path in ["/", "/no-such-page", "/healthz"] {
            let response = app.browser().get(app.url(path)).send().await.unwrap();
            let headers = response.headers();
            assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
            assert_eq!(headers["cache-control"], "no-store", "{path}");
            assert_eq!(headers["cross-origin-opener-policy"], "same-origin", "{path}");
            assert!(headers.contains_key("x-request-id"), "{path}");
            assert!(!headers.contains_key("strict-transport-security"), "no HSTS over plain http");
        }
    }

    async fn an_https_deployment_sends_hsts(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_BASE_URL", "https://prefs.example.com")]).await;
        let response = app.browser().get(app.url("/")).send().await.unwrap();
        let hsts = response.headers()["strict-transport-security"].to_str().unwrap();
        assert!(hsts.starts_with("max-age=31536000"));
    }

    async fn an_unknown_address_answers_404_with_a_helpful_page(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.browser().get(app.url("/no/such/page")).send().await.unwrap();
        assert_eq!(response.status(), 404);
        let html = response.text().await.unwrap();
        assert!(html.contains("Page not found"));
        assert!(html.contains("href=\"/\""));
    }

    async fn health_is_ok_while_the_database_answers_and_503_when_it_does_not(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let client = app.browser();
        let response = client.get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(response.status(), 200);

        app.ctx.db.clone().close().await.unwrap();
        let response = client.get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(response.status(), 503);
        assert_eq!(response.text().await.unwrap(), "database unreachable\n");
    }

    async fn html_is_compressed_for_clients_that_accept_it(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let response = app
            .browser()
            .get(app.url("/"))
            .header("accept-encoding", "br")
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-encoding"], "br");
    }
}
