//! Property tests: every server function (all that are registered, found at run time, so a new
//! one is covered without being listed) and every API endpoint, fed generated input: wrong
//! types, empty, huge and unicode strings, missing and unknown fields, markup, SQL. Each is
//! called as a visitor, as a signed-in person and as an admin with a record open.
//!
//! The properties: no answer is a 5xx (no panic, no unhandled error), and an answer that refuses
//! (4xx) has written nothing of the product's data.
//!
//! Short form by default; the long form sets the number of inputs per function and identity:
//! `PREFCENTRE_PROPERTY_INPUTS=10000 cargo test -p prefcentre --test http properties:: -- --nocapture`.
//! A failure prints the seed; `PREFCENTRE_PROPERTY_SEED=<seed>` replays it.

use crate::common;

use common::{
    TestApp,
    staff::{code_now, enrolled, staff_browser},
};
use leptos::server_fn::ServerFn;
use prefcentre_app::demo::seed_demo;
use prefcentre_app::domain::StaffRole;
use rand::{Rng, SeedableRng, rngs::StdRng, seq::IndexedRandom};
use sea_orm::{ConnectionTrait, Statement};

/// The product's data: what a refused request must leave as it was.
const TABLES: &[&str] = &[
    "people",
    "consent_ledger",
    "consent_states",
    "change_feed",
    "outbox",
    "rights_requests",
    "partner_disclosures",
    "credentials",
    "policy_versions",
    "consent_topics",
    "webhooks",
    "api_keys",
    "staff",
];

const FIELDS: &[&str] = &[
    "email",
    "password",
    "new_password",
    "current_password",
    "code",
    "t",
    "token",
    "name",
    "full_name",
    "phone",
    "street",
    "postal_code",
    "city",
    "country",
    "company",
    "job_title",
    "choices[newsletter]",
    "choices[surveys]",
    "choices[marketing]",
    "everything_off",
    "version",
    "topic",
    "reason",
    "identity",
    "id",
    "person",
    "kind",
    "summary",
    "body",
    "effective",
    "material",
    "url",
    "scopes[read:audience]",
    "key_name",
    "change",
    "do",
    "q",
    "page",
    "categories[contact]",
    "partner",
    "purpose",
    "meal_preference",
    "dietary_needs",
    "event",
    "registration",
    "decision",
    "months",
    "role",
    "title",
    "wording",
];

fn value(rng: &mut StdRng) -> String {
    match rng.random_range(0..14) {
        0 => String::new(),
        1 => (0..rng.random_range(1..40))
            .map(|_| rng.random_range(b' '..=b'~') as char)
            .collect(),
        2 => "x".repeat(rng.random_range(1_000..120_000)),
        3 => "Ærø Straße 👩‍💻 \u{202E}evil\u{0} \u{FEFF}".to_owned(),
        4 => [
            "-1",
            "0",
            "18446744073709551616",
            "1e309",
            "NaN",
            "2147483648",
            "-0",
        ]
        .choose(rng)
        .unwrap()
        .to_string(),
        5 => ["true", "on", "yes", "false", "off"]
            .choose(rng)
            .unwrap()
            .to_string(),
        6 => [
            "a@b",
            "ada.lindqvist@example.com",
            "nobody@example.org",
            "@",
            "a@b@c",
            "x@[127.0.0.1]",
        ]
        .choose(rng)
        .unwrap()
        .to_string(),
        7 => "{\"a\":[1,2,{\"b\":null}]}".to_owned(),
        8 => [
            "2027-02-30",
            "2027-01-31",
            "0000-00-00",
            "9999-12-31",
            "yesterday",
        ]
        .choose(rng)
        .unwrap()
        .to_string(),
        9 => uuid::Uuid::new_v4().to_string(),
        10 => (0..rng.random_range(10..80))
            .map(|_| *b"ABCDEFabcdef0123456789-_".choose(rng).unwrap() as char)
            .collect(),
        11 => "'; DROP TABLE people; --".to_owned(),
        12 => "<script>alert(1)</script><img src=x onerror=alert(1)>".to_owned(),
        _ => [
            "newsletter",
            "surveys",
            "links",
            "erase",
            "restrict",
            "details",
            "https://example.org/hook",
            "http://127.0.0.1:1/",
        ]
        .choose(rng)
        .unwrap()
        .to_string(),
    }
}

fn form(rng: &mut StdRng) -> Vec<(String, String)> {
    (0..rng.random_range(0..7))
        .map(|_| {
            let name = if rng.random_bool(0.9) {
                (*FIELDS.choose(rng).unwrap()).to_owned()
            } else {
                value(rng).chars().take(30).collect()
            };
            (name, value(rng))
        })
        .collect()
}

async fn fingerprint(app: &TestApp) -> Vec<i64> {
    // One statement, one round trip: it runs twice per input.
    let db = &app.ctx.db;
    let counts: Vec<String> = TABLES
        .iter()
        .map(|table| format!("(SELECT COUNT(*) FROM {table}) AS {table}"))
        .collect();
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT {}", counts.join(", ")),
        ))
        .await
        .unwrap()
        .unwrap();
    TABLES
        .iter()
        .map(|table| row.try_get::<i64>("", table).unwrap())
        .collect()
}

/// The fields, each value cut short, for a failure message.
fn show(fields: &[(String, String)]) -> String {
    let shown: Vec<String> = fields
        .iter()
        .map(|(name, value)| {
            let short: String = value.chars().take(40).collect();
            if value.chars().count() > 40 {
                format!("{name}={short}…({} chars)", value.chars().count())
            } else {
                format!("{name}={short}")
            }
        })
        .collect();
    shown.join(" & ")
}

/// A query string never carries a huge value (no client sends a URL of 100 kB; bodies do).
fn in_query(fields: &[(String, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.chars().take(2_000).collect::<String>())),
        )
        .finish()
}

fn inputs() -> usize {
    std::env::var("PREFCENTRE_PROPERTY_INPUTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8)
}

fn seed() -> u64 {
    std::env::var("PREFCENTRE_PROPERTY_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(rand::random)
}

/// Every registered server function, the ones that sign out last (they end the identity).
fn server_functions() -> Vec<(&'static str, http::Method)> {
    let mut all: Vec<_> = leptos::server_fn::axum::server_fn_paths().collect();
    all.sort_by_key(|(path, _)| (path.contains("sign-out") || path.contains("signout"), *path));
    all
}

fn json_value(rng: &mut StdRng, depth: u32) -> serde_json::Value {
    use serde_json::Value;
    match rng.random_range(0..if depth > 2 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.random()),
        2 => serde_json::json!(rng.random::<i64>()),
        3 => serde_json::json!(rng.random::<f64>() * 1e300),
        4 => Value::String(value(rng)),
        5 => Value::Array(
            (0..rng.random_range(0..4))
                .map(|_| json_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut object = serde_json::Map::new();
            for _ in 0..rng.random_range(0..5) {
                let key = ["type", "email", "kind", "topic", "reason", "x"]
                    .choose(rng)
                    .unwrap()
                    .to_string();
                object.insert(key, json_value(rng, depth + 1));
            }
            Value::Object(object)
        }
    }
}

/// The API and the link endpoints: (method, path) with generated query values or JSON bodies.
const ENDPOINTS: &[(&str, &str)] = &[
    ("POST", "/api/v1/events"),
    ("POST", "/api/v1/links/revoke"),
    ("GET", "/api/v1/changes"),
    ("GET", "/api/v1/audience"),
    ("GET", "/api/v1/suppressions"),
    ("GET", "/api/v1/suppressions/check"),
    ("POST", "/u"),
    ("GET", "/u"),
    ("GET", "/p"),
    ("GET", "/consents/confirm"),
    ("GET", "/consents/undo"),
    ("GET", "/sign-in/link"),
    ("GET", "/reset-password"),
    ("GET", "/account/email/confirm"),
    ("GET", "/identity/confirm"),
];

on_both_backends! {
    async fn no_server_function_answers_5xx_or_writes_when_it_refuses(backend: Backend) {
        let seed = seed();
        println!("seed {seed}");
        let mut rng = StdRng::seed_from_u64(seed);
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = {
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            use prefcentre_app::store::people;
            people::Entity::find().filter(people::Column::Email.eq("ada.lindqvist@example.com")).one(&app.ctx.db).await.unwrap().unwrap().id
        };
        let (secret, _) = enrolled(&app, StaffRole::Admin).await;
        let functions = server_functions();
        assert!(functions.len() >= 40, "found {} server functions", functions.len());
        let mut tried = 0;
        let mut failures: Vec<String> = Vec::new();
        for identity in ["visitor", "person", "admin"] {
            for (path, method) in &functions {
                // A fresh identity per function: one function's effect (a sign-out, an erasure)
                // does not take the next one's reach away. Limits on signing in reset with time.
                app.clock.advance(chrono::Duration::minutes(16));
                let mut browser = match identity {
                    "visitor" => {
                        let mut browser = app.visitor();
                        browser.get("/sign-in").await;
                        browser
                    }
                    "person" => {
                        let mut browser = app.visitor();
                        browser.get("/sign-in").await;
                        browser.submit(prefcentre_app::auth::api::SignIn::PATH, &[("email", "ada.lindqvist@example.com"), ("password", "demo passphrase for Ada")]).await;
                        browser.get("/account").await;
                        browser
                    }
                    _ => {
                        let (mut browser, page) = staff_browser(&app, &code_now(&app, &secret)).await;
                        assert!(page.contains("Signed in as"), "{}", page.html);
                        browser.get(&format!("/admin/person?id={ada}")).await;
                        browser.submit(prefcentre_app::admin::person::api::OpenPerson::PATH, &[("person", &ada.to_string()), ("reason", "property test")]).await;
                        browser
                    }
                };
                for _ in 0..inputs() {
                    let fields = form(&mut rng);
                    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    let before = fingerprint(&app).await;
                    let response = if *method == http::Method::GET {
                        let query = in_query(&fields);
                        browser.client.get(browser.url(&format!("{path}?{query}"))).header("accept", "application/json").send().await.unwrap()
                    } else {
                        browser.post_as_script(path, &pairs).await
                    };
                    let status = response.status();
                    let body = response.text().await.unwrap_or_default();
                    if status.as_u16() >= 500 {
                        failures.push(format!("{identity} {method} {path} {} answered {status}: {}", show(&fields), body.chars().take(200).collect::<String>()));
                    } else if status.is_client_error() && fingerprint(&app).await != before {
                        failures.push(format!("{identity} {path} {} was refused ({status}) but wrote", show(&fields)));
                    }
                    tried += 1;
                }
            }
        }
        assert!(failures.is_empty(), "seed {seed}: {} of {tried} inputs failed:\n{}", failures.len(), failures.iter().take(25).cloned().collect::<Vec<_>>().join("\n"));
        println!("{backend:?}: {} server functions × 3 identities, {tried} inputs, 0 failures", functions.len());
    }

    async fn no_api_or_link_endpoint_answers_5xx_or_writes_when_it_refuses(backend: Backend) {
        use prefcentre_app::sender::api_keys::{self, Scope};
        let seed = seed();
        println!("seed {seed}");
        let mut rng = StdRng::seed_from_u64(seed);
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let key = api_keys::create(&app.ctx.db, "property", &[Scope::ReadAudience, Scope::WriteEvents], prefcentre_app::platform::clock::Clock::now(app.clock.as_ref())).await.unwrap();
        let client = reqwest::Client::new();
        let mut tried = 0;
        let mut failures: Vec<String> = Vec::new();
        for (method, path) in ENDPOINTS {
            for _ in 0..inputs() * 3 {
                let fields = form(&mut rng);
                let query = in_query(&fields);
                let url = app.url(&format!("{path}?{query}"));
                let mut request = if *method == "GET" { client.get(url) } else { client.post(url) };
                if rng.random_bool(0.8) {
                    request = request.bearer_auth(&key);
                }
                if *method == "POST" {
                    request = if rng.random_bool(0.5) {
                        request.header("content-type", "application/json").body(json_value(&mut rng, 0).to_string())
                    } else {
                        request.header("content-type", "application/x-www-form-urlencoded").body(if rng.random_bool(0.5) { "List-Unsubscribe=One-Click".to_owned() } else { value(&mut rng) })
                    };
                }
                let before = fingerprint(&app).await;
                let response = request.send().await.unwrap();
                let status = response.status();
                let body = response.text().await.unwrap_or_default();
                if status.as_u16() >= 500 {
                    failures.push(format!("{method} {path} {} answered {status}: {}", show(&fields), body.chars().take(200).collect::<String>()));
                } else if status.is_client_error() && fingerprint(&app).await != before {
                    failures.push(format!("{method} {path} {} was refused ({status}) but wrote", show(&fields)));
                }
                tried += 1;
            }
        }
        assert!(failures.is_empty(), "seed {seed}: {} of {tried} inputs failed:\n{}", failures.len(), failures.iter().take(25).cloned().collect::<Vec<_>>().join("\n"));
        println!("{backend:?}: {} endpoints, {tried} inputs, 0 failures", ENDPOINTS.len());
    }
}
