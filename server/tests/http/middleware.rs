//! The middleware on its own, around small handlers: error shield, session cookie, lifetimes.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use axum::{Router, body::Body, http::Request, middleware, routing::get};
use common::{Backend, TestDatabase, test_start};
use http_body_util::BodyExt;
use prefcentre::http::{errors, session};
use prefcentre_app::platform::{clock::ManualClock, db, sessions::DbSessionStore};
use prefcentre_migrations::{Migrator, MigratorTrait};
use tower::ServiceExt;
use tower_sessions::Session;

fn shielded(router: Router) -> Router {
    router.layer(middleware::from_fn_with_state(
        errors::Shield {
            database: None,
            default_language: prefcentre_app::i18n::Locale::en,
        },
        errors::shield_server_errors,
    ))
}

async fn body_text(response: axum::response::Response) -> String {
    String::from_utf8(
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap()
}

fn html_request(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header("accept", "text/html")
        .header("x-request-id", "req-1234")
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn a_panic_becomes_the_friendly_error_page_with_the_reference() {
    async fn boom() -> &'static str {
        panic!("secret internals")
    }
    let app = shielded(Router::new().route("/boom", get(boom)));
    let response = app.oneshot(html_request("/boom")).await.unwrap();
    assert_eq!(response.status(), 500);
    let html = body_text(response).await;
    assert!(html.contains("Something went wrong on our side"));
    assert!(html.contains("<code>req-1234</code>"));
    assert!(!html.contains("secret internals"));
}

#[tokio::test]
async fn an_error_text_never_reaches_the_client() {
    let app = shielded(Router::new().route(
        "/fail",
        get(|| async {
            (
                http::StatusCode::INTERNAL_SERVER_ERROR,
                "db password=hunter2 rejected",
            )
        }),
    ));
    let request = Request::get("/fail")
        .header("x-request-id", "req-9")
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(
        body_text(response).await,
        "internal error; reference req-9\n"
    );
}

async fn session_app(hardened: bool) -> (Router, Arc<ManualClock>, TestDatabase) {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let connection = db::connect(&database.url).await.unwrap();
    Migrator::up(&connection, None).await.unwrap();
    let clock = Arc::new(ManualClock::starting_at(test_start()));
    let store = DbSessionStore::new(connection, clock.clone());
    let lifetimes = session::Lifetimes {
        clock: clock.clone(),
        absolute: Duration::from_secs(12 * 3600),
        idle: Duration::from_secs(30 * 60),
        store: store.clone(),
        hardened,
    };
    let router = Router::new()
        .route(
            "/remember",
            get(|session: Session| async move {
                session.insert("note", "kept").await.unwrap();
                "ok"
            }),
        )
        .route(
            "/recall",
            get(|session: Session| async move {
                session
                    .get::<String>("note")
                    .await
                    .unwrap()
                    .unwrap_or_else(|| "nothing".into())
            }),
        )
        .layer(middleware::from_fn_with_state(
            lifetimes,
            session::enforce_lifetimes,
        ))
        .layer(session::layer(
            store,
            hardened,
            Duration::from_secs(30 * 60),
        ));
    (router, clock, database)
}

fn cookie_of(response: &axum::response::Response) -> String {
    response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_session_cookie_is_hardened_for_an_https_deployment() {
    let (app, _, _db) = session_app(true).await;
    let response = app.oneshot(html_request("/remember")).await.unwrap();
    let cookie = cookie_of(&response);
    assert!(cookie.starts_with("__Host-prefcentre="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(
            cookie.contains(attribute),
            "{attribute} missing in {cookie}"
        );
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
}

#[tokio::test]
async fn plain_http_development_uses_an_unprefixed_cookie() {
    let (app, _, _db) = session_app(false).await;
    let response = app.oneshot(html_request("/remember")).await.unwrap();
    let cookie = cookie_of(&response);
    assert!(cookie.starts_with("prefcentre="), "{cookie}");
    assert!(!cookie.contains("Secure"));
    assert!(cookie.contains("HttpOnly"));
}

#[tokio::test]
async fn a_session_ends_after_its_absolute_lifetime_however_active() {
    let (app, clock, _db) = session_app(false).await;
    let response = app
        .clone()
        .oneshot(html_request("/remember"))
        .await
        .unwrap();
    let cookie = cookie_of(&response).split(';').next().unwrap().to_owned();
    let recall = |app: Router, cookie: String| async move {
        let request = Request::get("/recall")
            .header("cookie", cookie)
            .body(Body::empty())
            .unwrap();
        body_text(app.oneshot(request).await.unwrap()).await
    };
    assert_eq!(recall(app.clone(), cookie.clone()).await, "kept");
    // Active every 20 minutes (within the idle timeout) for 11 h 40 min: still there.
    for _ in 0..35 {
        clock.advance(chrono::Duration::minutes(20));
        assert_eq!(recall(app.clone(), cookie.clone()).await, "kept");
    }
    clock.advance(chrono::Duration::minutes(20));
    assert_eq!(
        recall(app.clone(), cookie.clone()).await,
        "nothing",
        "12 h after it began"
    );
}

#[tokio::test]
async fn an_anonymous_visit_writes_no_session() {
    let (app, _, _db) = session_app(true).await;
    let response = app.oneshot(html_request("/recall")).await.unwrap();
    assert!(!response.headers().contains_key("set-cookie"));
}
