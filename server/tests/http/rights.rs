//! The person's rights end to end over HTTP, with the real SMTP sink for receipts: download
//! (complete against the database), restriction and its lifting, erasure (then an import of
//! the same address), rights requests with deadlines, the retention purge with a moved clock,
//! policy versions, and the record of processing.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use common::{Backend, TestApp, browser::Browser, smtp::SmtpSink};
use leptos::server_fn::ServerFn;
use prefcentre_app::store::event_registrations as registration_entity;
use prefcentre_app::auth::api::{RedeemLink, RequestMail, SignIn};
use prefcentre_app::store::credentials;
use prefcentre_app::consents::api::SaveConsents;
use prefcentre_app::store::{consent_ledger as ledger, consent_states as state};
use prefcentre_app::consents::ssr::{
    audience::audience_ids,
};
use prefcentre_app::demo::seed_demo;
use prefcentre_app::newsletter::api::RightsLink;
use prefcentre_app::platform::newsletter_links::{profile_url, unsubscribe_url};
use prefcentre_app::store::outbox;
use prefcentre_app::store::people;
use prefcentre_app::platform::db::begin_write;
use prefcentre_app::platform::{clock::Clock, jobs::JobRunner, request::RequestInfo};
use prefcentre_app::policy::api::AcknowledgePolicy;
use prefcentre_app::policy::ssr::versions::{self, NewVersion, PublishError};
use prefcentre_app::rights::RequestKind;
use prefcentre_app::rights::api::{EraseAccount, LiftRestriction, RestrictProcessing};
use prefcentre_app::rights::ssr::{
    erasure::{self, Treatment},
    export::{NOT_EXPORTED, TABLES},
    requests::{self, Channel, Extended, NewRequest},
    restriction,
    retention::{self, RetentionPurge},
};
use prefcentre_app::sender::import;
use prefcentre_app::store::staff;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Statement,
};
use uuid::Uuid;

const ADA: &str = "ada.lindqvist@example.com";
const ADA_PASSWORD: &str = "demo passphrase for Ada";
const JONAS: &str = "jonas.berg@example.net";

async fn person(app: &TestApp, email: &str) -> people::Model {
    people::Entity::find()
        .filter(people::Column::Email.eq(email))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
}

async fn signed_in(app: &TestApp) -> Browser {
    let mut browser = app.visitor();
    browser.get("/sign-in").await;
    let page = browser
        .submit(SignIn::PATH, &[("email", ADA), ("password", ADA_PASSWORD)])
        .await;
    assert!(page.contains("You are signed in."), "{}", page.html);
    browser
}

async fn download(browser: &mut Browser, format: &str) -> reqwest::Response {
    browser.get("/account/rights").await;
    let response = browser.post("/account/export", &[("format", format)]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"my-data-")
    );
    response
}

/// Every table with a `person_id` column, from the database's own catalogue.
async fn tables_about_people(app: &TestApp, backend: Backend) -> BTreeSet<String> {
    let (db_backend, sql) = match backend {
        Backend::Sqlite => (
            sea_orm::DbBackend::Sqlite,
            "SELECT m.name AS name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND p.name = 'person_id'",
        ),
        Backend::Postgres => (
            sea_orm::DbBackend::Postgres,
            "SELECT table_name::text AS name FROM information_schema.columns \
             WHERE column_name = 'person_id' AND table_schema = current_schema()",
        ),
    };
    app.ctx
        .db
        .query_all_raw(Statement::from_string(db_backend, sql))
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.try_get::<String>("", "name").unwrap())
        .collect()
}

async fn rows_about(app: &TestApp, backend: Backend, table: &str, person_id: Uuid) -> usize {
    let column = if table == "people" { "id" } else { "person_id" };
    let (db_backend, placeholder) = match backend {
        Backend::Sqlite => (sea_orm::DbBackend::Sqlite, "?"),
        Backend::Postgres => (sea_orm::DbBackend::Postgres, "$1"),
    };
    let sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE {column} = {placeholder}");
    let row = app
        .ctx
        .db
        .query_one_raw(Statement::from_sql_and_values(
            db_backend,
            sql,
            [person_id.into()],
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap() as usize
}

/// Rows about the person in `table` with a value left in `column`.
async fn values_left(app: &TestApp, backend: Backend, table: &str, column: &str, person_id: Uuid) -> usize {
    let key = if table == "people" { "id" } else { "person_id" };
    let (db_backend, placeholder) = match backend {
        Backend::Sqlite => (sea_orm::DbBackend::Sqlite, "?"),
        Backend::Postgres => (sea_orm::DbBackend::Postgres, "$1"),
    };
    let sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE {key} = {placeholder} AND {column} IS NOT NULL");
    let row = app.ctx.db.query_one_raw(Statement::from_sql_and_values(db_backend, sql, [person_id.into()])).await.unwrap().unwrap();
    row.try_get::<i64>("", "n").unwrap() as usize
}

fn section_len(export: &serde_json::Value, section: &str) -> usize {
    match &export[section] {
        serde_json::Value::Array(rows) => rows.len(),
        serde_json::Value::Object(_) => 1,
        other => panic!("section {section} is missing: {other}"),
    }
}

async fn staff_id(app: &TestApp) -> Uuid {
    staff::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Renames a person to something a spreadsheet would run.
async fn name_as_formula(app: &TestApp, email: &str) {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
    let mut active = person(app, email).await.into_active_model();
    active.full_name = Set(Some("=HYPERLINK(\"http://evil.example\",\"x\")".to_owned()));
    active.update(&app.ctx.db).await.unwrap();
}

on_both_backends! {
    async fn no_cell_of_the_csv_download_can_run_as_a_formula(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        name_as_formula(&app, ADA).await;
        let mut browser = signed_in(&app).await;
        let bytes = download(&mut browser, "csv").await.bytes().await.unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let mut person_csv = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("person.csv").unwrap(), &mut person_csv).unwrap();
        let row = csv::Reader::from_reader(person_csv.as_bytes()).records().next().unwrap().unwrap();
        assert!(row.iter().any(|cell| cell == "'=HYPERLINK(\"http://evil.example\",\"x\")"), "{person_csv}");
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).unwrap();
            if !file.name().ends_with(".csv") {
                continue;
            }
            let mut text = String::new();
            std::io::Read::read_to_string(&mut file, &mut text).unwrap();
            let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
            for record in reader.records() {
                for cell in record.unwrap().iter() {
                    assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{}: {cell}", file.name());
                }
            }
        }
    }
    async fn a_download_holds_everything_the_database_holds_about_the_person(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let mut browser = signed_in(&app).await;
        browser.get("/account/consents").await;
        browser.submit(SaveConsents::PATH, &[("choices[newsletter]", "on")]).await;
        let ada = person(&app, ADA).await;

        let export: serde_json::Value = download(&mut browser, "json").await.json().await.unwrap();
        assert_eq!(export["about"]["schema"], "prefcentre-export/1");
        assert_eq!(export["person"]["email"], ADA);
        assert_eq!(export["person"]["phone"], "+4532123456");
        assert!(export["account"]["has_password"].as_bool().unwrap());
        assert!(!export.to_string().contains("argon2"), "no password hash, ever");
        assert!(!export.to_string().contains(JONAS), "nobody else's data");

        // Nothing about a person may be left out: every table that names a person is either
        // exported (as many rows as the database has) or listed with the reason it is not.
        let listed: BTreeSet<String> = TABLES.iter().chain(NOT_EXPORTED).map(|(t, _)| (*t).to_owned()).collect();
        let in_database = tables_about_people(&app, backend).await;
        let forgotten: Vec<_> = in_database.difference(&listed).collect();
        assert!(forgotten.is_empty(), "tables with personal data missing from the export: {forgotten:?}");
        for (table, section) in TABLES {
            assert_eq!(
                section_len(&export, section),
                rows_about(&app, backend, table, ada.id).await,
                "{table} → {section}"
            );
        }
        assert!(section_len(&export, "consent_ledger") >= 4);
        assert_eq!(export["rights_requests"][0]["kind"], "access", "the download is on record");
        let processing: Vec<&str> = export["processing"].as_array().unwrap().iter().map(|p| p["purpose"].as_str().unwrap()).collect();
        assert!(processing.contains(&"Sending the newsletter"));
        assert!(!processing.contains(&"Contact from partners (resellers and distributors)"), "not consented, does not apply");
        let page = browser.get("/account").await;
        assert!(page.contains("Who receives your data") && page.contains("standard contractual clauses"), "My data names recipients and transfers");
        assert!(!page.contains("Contact from partners (resellers and distributors)"));

        // The CSV zip: one file per section, with as many rows.
        let bytes = download(&mut browser, "csv").await.bytes().await.unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let mut files = BTreeMap::new();
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            files.insert(file.name().to_owned(), text);
        }
        assert!(files.contains_key("README.txt"));
        let ledger_rows = csv::Reader::from_reader(files["consent_ledger.csv"].as_bytes()).records().count();
        assert_eq!(ledger_rows, section_len(&export, "consent_ledger"));
        let person_csv = &files["person.csv"];
        assert!(person_csv.starts_with("id,email,"), "{person_csv}");
        assert!(person_csv.contains(ADA));

        let receipt = sink.mail_to(ADA, "We received your request: a copy of your data").await;
        assert!(receipt.text.contains("It is done."), "{}", receipt.text);
    }

    async fn nothing_is_switched_on_for_a_restricted_or_erased_person_whoever_writes(backend: Backend) {
        use prefcentre_app::consents::{model::{ConsentState, Source}, ssr::ledger::{Who, set_states}};
        use prefcentre_app::platform::audit::Actor;
        let app = TestApp::spawn(backend).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        let request = RequestInfo::default();
        restriction::restrict(&app.ctx, &request, ada.id, Channel::Person, None).await.unwrap();
        let on: Vec<String> = state::Entity::find().filter(state::Column::PersonId.eq(ada.id)).all(&app.ctx.db).await.unwrap()
            .into_iter().filter(|s| s.state.as_str() != "withdrawn").map(|s| s.topic_key).collect();
        let off_topic = prefcentre_app::consents::ssr::ledger::current_topics(&app.ctx.db).await.unwrap()
            .into_iter().map(|t| t.key).find(|k| !on.contains(k)).expect("a topic Ada has off");
        let entries = || ledger::Entity::find().filter(ledger::Column::PersonId.eq(ada.id)).count(&app.ctx.db);
        let before = entries().await.unwrap();

        // The account page: a switch-on is held back and said so; nothing is written.
        let mut browser = signed_in(&app).await;
        browser.get("/account/consents").await;
        let mut fields: Vec<(String, String)> = on.iter().map(|k| (format!("choices[{k}]"), "on".to_owned())).collect();
        fields.push((format!("choices[{off_topic}]"), "on".to_owned()));
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let page = browser.submit(SaveConsents::PATH, &borrowed).await;
        assert!(page.contains("none can be switched on until the restriction is lifted"), "{}", page.html);
        assert_eq!(entries().await.unwrap(), before, "nothing written for a restricted person");

        // Erased meanwhile: a writer that checked earlier (a link, a staff form) switches nothing on.
        restriction::lift(&app.ctx, &request, ada.id, Channel::Person, None).await.unwrap();
        prefcentre_app::rights::ssr::erasure::erase(&app.ctx, &request, ada.id, Channel::Person, None).await.unwrap();
        let after_erasure = entries().await.unwrap();
        let who = Who { source: Source::AccountPage, actor: Actor::Person(ada.id), reason: None, request: &request };
        let txn = begin_write(&app.ctx.db).await.unwrap();
        let applied = set_states(&app.ctx, &txn, ada.id, &[("newsletter".to_owned(), ConsentState::Granted)], &who).await.unwrap();
        txn.commit().await.unwrap();
        assert!(applied.changes.is_empty() && applied.frozen);
        assert_eq!(entries().await.unwrap(), after_erasure, "nothing written onto an erased person");
    }

    async fn restriction_freezes_the_person_and_lifting_it_restores_their_choices(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        assert!(audience_ids(&app.ctx.db, "newsletter", false).await.unwrap().contains(&ada.id));
        let mut browser = signed_in(&app).await;

        browser.get("/account/rights").await;
        let page = browser.submit(RestrictProcessing::PATH, &[]).await;
        assert!(page.contains("We no longer use your data."), "{}", page.html);
        assert!(page.contains("Lift the restriction"));
        assert!(person(&app, ADA).await.restricted_at.is_some());
        assert!(!audience_ids(&app.ctx.db, "newsletter", false).await.unwrap().contains(&ada.id), "in no audience");
        sink.mail_to(ADA, "We stopped using your data").await;
        let on_record = requests::of_person(&app.ctx.db, ada.id).await.unwrap();
        assert_eq!((on_record[0].kind.as_str(), on_record[0].status.as_str()), ("restriction", "completed"));
        let audited = prefcentre_app::store::audit_log::Entity::find()
            .filter(prefcentre_app::store::audit_log::Column::Action.eq("rights.restricted"))
            .count(&app.ctx.db).await.unwrap();
        assert_eq!(audited, 1);

        // News is withheld; security mail the person asks for still goes.
        browser.get("/account/consents").await;
        browser.submit(SaveConsents::PATH, &[("choices[newsletter]", "on")]).await;
        let mut stranger = app.visitor();
        stranger.get("/sign-in").await;
        stranger.submit(RequestMail::PATH, &[("purpose", "sign-in-link"), ("email", ADA)]).await;
        sink.mail_to(ADA, "Your sign-in link").await;
        let withheld = outbox::Entity::find()
            .filter(outbox::Column::Kind.eq("consents_changed"))
            .one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!(withheld.status, prefcentre_app::store::outbox::Status::Withheld);

        browser.get("/account/rights").await;
        let page = browser.submit(LiftRestriction::PATH, &[]).await;
        assert!(page.contains("The restriction is lifted."), "{}", page.html);
        sink.mail_to(ADA, "We use your data again").await;
        let after = person(&app, ADA).await;
        assert!(after.restricted_at.is_none());
        assert!(audience_ids(&app.ctx.db, "newsletter", false).await.unwrap().contains(&ada.id), "the person's own choices are back");
    }

    async fn erasure_treats_every_table_about_a_person_as_its_list_says(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        let mut browser = signed_in(&app).await;
        browser.get("/account/consents").await;
        browser.submit(SaveConsents::PATH, &[("choices[newsletter]", "on")]).await;
        // A request staff extended, with their reason: free text about the person.
        let staff = staff_id(&app).await;
        let now = app.clock.now();
        let request = RequestInfo::default();
        let txn = begin_write(&app.ctx.db).await.unwrap();
        let made = requests::record(&app.ctx, &txn, &request, NewRequest {
            person_id: ada.id,
            kind: RequestKind::Rectification,
            channel: Channel::Staff(staff),
            completed: None,
            receipt: false,
            received_at: None,
        }, now).await.unwrap();
        requests::extend(&app.ctx, &txn, &request, made.id, "Ada's records sit in three systems.", staff, now).await.unwrap();
        txn.commit().await.unwrap();

        // Every table with rows about a person says what erasure does to them.
        let listed: BTreeSet<String> = erasure::TABLES.iter().map(|(t, _)| (*t).to_owned()).collect();
        let forgotten: Vec<_> = tables_about_people(&app, backend).await.difference(&listed).cloned().collect();
        assert!(forgotten.is_empty(), "tables with personal data that erasure does not handle: {forgotten:?}");

        let mut before = Vec::new();
        for (table, treatment) in erasure::TABLES {
            if let Treatment::Cleared(columns) | Treatment::Rewritten(columns) = treatment {
                for column in *columns {
                    before.push((*table, *column, values_left(&app, backend, table, column, ada.id).await));
                }
            }
        }
        assert!(before.iter().any(|(t, c, n)| (*t, *c) == ("rights_requests", "extension_reason") && *n == 1));
        assert!(before.iter().any(|(t, c, n)| (*t, *c) == ("audit_log", "ip") && *n > 0), "{before:?}");

        let page = browser.submit(EraseAccount::PATH, &[("password", ADA_PASSWORD), ("understood", "yes")]).await;
        assert!(page.contains("Your data has been erased"), "{}", page.html);
        sink.mail_to(ADA, "Your data has been erased").await;
        // The outbox forgets the last address once the worker has settled the message.
        for _ in 0..100 {
            if values_left(&app, backend, "outbox", "to_address", ada.id).await == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        for (table, treatment) in erasure::TABLES {
            match treatment {
                Treatment::Deleted => assert_eq!(rows_about(&app, backend, table, ada.id).await, 0, "{table}: rows left"),
                Treatment::Cleared(columns) | Treatment::Rewritten(columns) => {
                    assert!(rows_about(&app, backend, table, ada.id).await > 0, "{table}: the evidence stays");
                    for column in *columns {
                        assert_eq!(values_left(&app, backend, table, column, ada.id).await, 0, "{table}.{column}: a value left");
                    }
                }
                Treatment::Kept(why) => assert!(!why.is_empty()),
            }
        }
    }

    async fn erasure_needs_proof_and_leaves_only_pseudonymous_evidence(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        let mut browser = signed_in(&app).await;
        let ledger_before = ledger::Entity::find().filter(ledger::Column::PersonId.eq(ada.id)).count(&app.ctx.db).await.unwrap();

        let page = browser.get("/account/rights").await;
        assert!(page.contains("This cannot be undone."));
        let page = browser.submit(EraseAccount::PATH, &[("password", ADA_PASSWORD)]).await;
        assert!(page.contains("Tick the box to confirm"), "{}", page.html);
        let page = browser.submit(EraseAccount::PATH, &[("password", "wrong"), ("understood", "yes")]).await;
        assert!(page.contains("This is not your current password."), "{}", page.html);
        assert!(person(&app, ADA).await.erased_at.is_none(), "a refused form changes nothing");

        let page = browser.submit(EraseAccount::PATH, &[("password", ADA_PASSWORD), ("understood", "yes")]).await;
        assert!(page.contains("Your data has been erased"), "{}", page.html);
        let gone = people::Entity::find_by_id(ada.id).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!(gone.email, format!("erased:{}", ada.id));
        assert!(gone.erased_at.is_some());
        assert_eq!((gone.full_name, gone.phone, gone.street, gone.company), (None, None, None, None));
        assert!(credentials::Entity::find_by_id(ada.id).one(&app.ctx.db).await.unwrap().is_none());
        for count in [
            prefcentre_app::store::sessions::Entity::find().filter(prefcentre_app::store::sessions::Column::PersonId.eq(ada.id)).count(&app.ctx.db).await.unwrap(),
            registration_entity::Entity::find().filter(registration_entity::Column::PersonId.eq(ada.id)).count(&app.ctx.db).await.unwrap(),
            prefcentre_app::store::access_records::Entity::find().filter(prefcentre_app::store::access_records::Column::PersonId.eq(ada.id)).count(&app.ctx.db).await.unwrap(),
        ] {
            assert_eq!(count, 0);
        }
        // The evidence stays, without personal values; every consent ends withdrawn.
        let entries = ledger::Entity::find().filter(ledger::Column::PersonId.eq(ada.id)).all(&app.ctx.db).await.unwrap();
        assert!(entries.len() as u64 > ledger_before);
        assert!(entries.iter().all(|e| e.ip.is_none() && e.user_agent.is_none()));
        assert!(entries.iter().any(|e| e.source.as_str() == "erasure" && e.state.as_str() == "withdrawn"));
        let states = state::Entity::find().filter(state::Column::PersonId.eq(ada.id)).all(&app.ctx.db).await.unwrap();
        assert!(states.iter().all(|s| s.state.as_str() == "withdrawn"), "service notices too, though Ada had a contract: {states:?}");
        let events = prefcentre_app::store::audit_log::Entity::find().filter(prefcentre_app::store::audit_log::Column::PersonId.eq(ada.id)).all(&app.ctx.db).await.unwrap();
        assert!(events.iter().any(|e| e.action == "rights.erased"));
        assert!(events.iter().all(|e| e.ip.is_none() && e.user_agent.is_none() && e.details.is_none()));
        assert_eq!(requests::of_person(&app.ctx.db, ada.id).await.unwrap()[0].kind.as_str(), "erasure");

        // The last message goes out, then the outbox forgets the address.
        let last = sink.mail_to(ADA, "Your data has been erased").await;
        assert!(last.text.contains("we forget it"));
        for _ in 0..100 {
            let rows = outbox::Entity::find().filter(outbox::Column::PersonId.eq(ada.id)).all(&app.ctx.db).await.unwrap();
            if rows.iter().all(|r| r.to_address.is_none() && r.payload.is_none()) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let rows = outbox::Entity::find().filter(outbox::Column::PersonId.eq(ada.id)).all(&app.ctx.db).await.unwrap();
        assert!(rows.iter().all(|r| r.to_address.is_none()), "no address left in the outbox");

        // Signed out everywhere, and the password no longer works.
        let page = browser.get("/account").await;
        assert_eq!(page.headers["location"], "/sign-in");
        let mut again = app.visitor();
        again.get("/sign-in").await;
        let page = again.submit(SignIn::PATH, &[("email", ADA), ("password", ADA_PASSWORD)]).await;
        assert!(!page.contains("You are signed in."));

        // An import cannot bring the address back.
        let csv = format!("email,name,topics,source,consented_at\n{ADA},Ada,newsletter,fair 2026,2026-02-01\n");
        let report = import::import(&app.ctx, csv.as_bytes(), &|_, _| {}).await.unwrap();
        assert_eq!(report.people_created, 0);
        assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
        assert_eq!(people::Entity::find().filter(people::Column::Email.eq(ADA)).count(&app.ctx.db).await.unwrap(), 0);
    }

    async fn a_newsletter_recipient_proves_the_address_by_mail_then_exercises_the_rights(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let jonas = person(&app, JONAS).await;

        // From the newsletter's profile link: ask for a sign-in link.
        let mut browser = app.visitor();
        let url = profile_url(&app.ctx, jonas.id, app.clock.now());
        let page = browser.get(&url).await;
        assert!(page.contains("Your data and rights"));
        let token = url.split("t=").nth(1).unwrap().to_owned();
        let token = url::form_urlencoded::parse(format!("t={token}").as_bytes()).next().unwrap().1.into_owned();
        browser.submit(RightsLink::PATH, &[("t", &token)]).await;
        let link = sink.mail_to(JONAS, "Your sign-in link").await.link_starting(&app.url("/sign-in/link?token=")).unwrap();
        browser.get(&link).await;
        browser.submit(RedeemLink::PATH, &[("purpose", "sign-in"), ("token", link.split("token=").nth(1).unwrap())]).await;

        let export: serde_json::Value = download(&mut browser, "json").await.json().await.unwrap();
        assert_eq!(export["person"]["email"], JONAS);
        assert_eq!(export["account"]["has_password"], false);

        // No password: the fresh sign-in stands in for it.
        let page = browser.get("/account/rights").await;
        assert!(!page.contains("Current password"));
        let page = browser.submit(EraseAccount::PATH, &[("understood", "yes")]).await;
        assert!(page.contains("Your data has been erased"), "{}", page.html);
        assert!(people::Entity::find_by_id(jonas.id).one(&app.ctx.db).await.unwrap().unwrap().erased_at.is_some());

        // A profile link of an erased person opens nothing.
        let page = app.visitor().get(&url).await;
        assert!(!page.contains("Your data and rights"));
    }

    async fn a_request_is_due_in_a_month_and_an_extension_tells_the_person_why(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        let staff = staff_id(&app).await;
        let request = RequestInfo::default();
        let now = app.clock.now();
        let made = requests::record(&app.ctx, &app.ctx.db, &request, NewRequest {
            person_id: ada.id,
            kind: RequestKind::Rectification,
            channel: Channel::Staff(staff),
            completed: None,
            receipt: true,
            received_at: None,
        }, now).await.unwrap();
        app.ctx.wake_outbox();
        assert_eq!(made.due_at, Utc.with_ymd_and_hms(2026, 4, 2, 9, 0, 0).unwrap(), "one month");
        assert_eq!(made.status.as_str(), "open");
        let receipt = sink.mail_to(ADA, "We received your request: correction of your data").await;
        assert!(receipt.text.contains("We will answer by 2 Apr 2026"), "{}", receipt.text);

        let reason = "Your request covers records in three systems.";
        let txn = begin_write(&app.ctx.db).await.unwrap();
        assert_eq!(requests::extend(&app.ctx, &txn, &request, made.id, "  ", staff, now).await.unwrap(), Extended::ReasonMissing);
        let Extended::Done(extended) = requests::extend(&app.ctx, &txn, &request, made.id, reason, staff, now).await.unwrap() else {
            panic!("an open request can be extended once");
        };
        txn.commit().await.unwrap();
        app.ctx.wake_outbox();
        assert_eq!(extended.due_at, Utc.with_ymd_and_hms(2026, 6, 2, 9, 0, 0).unwrap(), "two more months");
        let told = sink.mail_to(ADA, "We need more time for your request: correction of your data").await;
        assert!(told.text.contains(reason) && told.text.contains("2 Jun 2026"), "{}", told.text);
        let txn = begin_write(&app.ctx.db).await.unwrap();
        assert_eq!(
            requests::extend(&app.ctx, &txn, &request, made.id, reason, staff, now).await.unwrap(),
            Extended::NotPossible,
            "once only"
        );
        let closed = requests::close(&app.ctx, &txn, &request, made.id, prefcentre_app::store::rights_requests::Status::Completed, "address corrected", staff, now).await.unwrap().unwrap();
        txn.commit().await.unwrap();
        assert_eq!(closed.status.as_str(), "completed");
        let mut browser = signed_in(&app).await;
        let page = browser.get("/account").await;
        assert!(page.contains("correction of your data") && page.contains("address corrected"), "the person sees it");
    }

    async fn the_retention_purge_forgets_a_former_prospect_six_months_after_the_last_mailing(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let jonas = person(&app, JONAS).await;
        assert_eq!(jonas.prospect_until, NaiveDate::from_ymd_opt(2027, 6, 30));
        let runner = || JobRunner::new(vec![std::sync::Arc::new(RetentionPurge)]);

        // Past 2027-06-30 + six months, but still receiving the newsletter: kept.
        let later = Utc.with_ymd_and_hms(2028, 1, 1, 9, 0, 0).unwrap();
        app.clock.advance(later - app.clock.now());
        runner().run_due(&app.ctx).await.unwrap();
        assert!(person(&app, JONAS).await.erased_at.is_none(), "kept while receiving marketing mail");

        // He unsubscribes; six months later to the day he is still kept, the day after not.
        let unsubscribe = unsubscribe_url(&app.ctx, jonas.id, "newsletter", app.clock.now());
        let response = reqwest::Client::new().post(&unsubscribe).header("content-type", "application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click").send().await.unwrap();
        assert_eq!(response.status(), 200);
        app.clock.advance(Utc.with_ymd_and_hms(2028, 7, 1, 23, 0, 0).unwrap() - app.clock.now());
        runner().run_due(&app.ctx).await.unwrap();
        assert!(person(&app, JONAS).await.erased_at.is_none(), "six months after the last withdrawal, not yet past");
        app.clock.advance(Duration::days(1));
        runner().run_due(&app.ctx).await.unwrap();
        let purged = people::Entity::find_by_id(jonas.id).one(&app.ctx.db).await.unwrap().unwrap();
        assert!(purged.erased_at.is_some());
        assert!(purged.email.starts_with("erased:"));
        let states = state::Entity::find().filter(state::Column::PersonId.eq(jonas.id)).all(&app.ctx.db).await.unwrap();
        assert!(states.iter().all(|s| s.state.as_str() == "withdrawn"));
        // Earlier runs purged other things (addresses on old audit events); the last run is his.
        let entry = prefcentre_app::store::audit_log::Entity::find().filter(prefcentre_app::store::audit_log::Column::Action.eq("retention.purge")).order_by_desc(prefcentre_app::store::audit_log::Column::OccurredAt).one(&app.ctx.db).await.unwrap().unwrap();
        let counts: serde_json::Value = serde_json::from_str(entry.details.as_deref().unwrap()).unwrap();
        assert_eq!(counts["former_prospects"], 1, "{counts}");
        assert!(person(&app, ADA).await.erased_at.is_none(), "a customer is kept");
    }

    async fn a_restricted_prospect_is_kept_past_retention(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let jonas = person(&app, JONAS).await;
        let request = RequestInfo::default();
        restriction::restrict(&app.ctx, &request, jonas.id, Channel::Person, None).await.unwrap();
        let unsubscribe = unsubscribe_url(&app.ctx, jonas.id, "newsletter", app.clock.now());
        reqwest::Client::new().post(&unsubscribe).header("content-type", "application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click").send().await.unwrap();
        app.clock.advance(Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap() - app.clock.now());
        let report = retention::purge(&app.ctx).await.unwrap();
        assert_eq!(report.former_prospects, 0);
        assert!(person(&app, JONAS).await.erased_at.is_none(), "restriction keeps the data as it is");
    }

    async fn erasure_stops_listening_after_five_wrong_passwords(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let mut browser = signed_in(&app).await;
        browser.get("/account/rights").await;
        for _ in 0..5 {
            let page = browser.submit(EraseAccount::PATH, &[("password", "guess"), ("understood", "yes")]).await;
            assert!(page.contains("This is not your current password."));
        }
        let page = browser.submit(EraseAccount::PATH, &[("password", ADA_PASSWORD), ("understood", "yes")]).await;
        assert!(page.contains("Too many attempts"), "{}", page.html);
        assert!(person(&app, ADA).await.erased_at.is_none());
    }

    async fn a_material_change_is_published_at_once_and_announced_in_paced_batches(backend: Backend) {
        use prefcentre_app::store::credentials;
        use prefcentre::startup::all_jobs;
        use prefcentre_app::platform::jobs::JobRunner;
        use sea_orm::{ActiveValue::Set, TransactionTrait};
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false"), ("PREFCENTRE_POLICY_MAIL_PER_MINUTE", "600")]).await;
        seed_demo(&app.ctx).await.unwrap();
        // Enough account holders for three batches.
        let holders = 2 * versions::ANNOUNCE_BATCH as usize + 100;
        let now = app.clock.now();
        let txn = app.ctx.db.begin().await.unwrap();
        for n in 0..holders {
            let id = Uuid::now_v7();
            people::Entity::insert(people::ActiveModel { id: Set(id), email: Set(format!("holder{n}@example.org")), email_verified_at: Set(Some(now)), created_at: Set(now), updated_at: Set(now), version: Set(1), ..Default::default() }).exec(&txn).await.unwrap();
            credentials::Entity::insert(credentials::ActiveModel { person_id: Set(id), password_hash: Set("$argon2id$not-a-real-hash".into()), created_at: Set(now), changed_at: Set(now) }).exec(&txn).await.unwrap();
        }
        txn.commit().await.unwrap();
        let notices = || async { outbox::Entity::find().filter(outbox::Column::Kind.eq("policy_changed")).order_by_asc(outbox::Column::NextAttemptAt).all(&app.ctx.db).await.unwrap() };

        let published = versions::publish(&app.ctx, NewVersion { effective_at: now + Duration::days(30), material: true, summary: "New partners.".into(), body: "## Partners".into() }).await.unwrap();
        assert_eq!(published.audience, holders as u64 + 1, "Ada and every holder will be told");
        assert!(notices().await.is_empty(), "the publishing transaction writes no notice");
        let page = app.visitor().get("/privacy?v=2").await;
        assert!(page.contains("This version takes effect on"), "published at once");

        // The job queues them all, a batch per transaction, paced at 600 a minute.
        let reports = JobRunner::new(all_jobs()).run_due(&app.ctx).await.unwrap();
        let report = reports.iter().find(|r| r.name == "policy-announcements").unwrap();
        assert_eq!(report.outcome, Ok(format!("{} policy notices queued", holders + 1)));
        let queued = notices().await;
        assert_eq!(queued.len(), holders + 1);
        let gaps: Vec<i64> = queued.windows(2).map(|w| (w[1].next_attempt_at - w[0].next_attempt_at).num_milliseconds()).collect();
        assert!(gaps.iter().all(|gap| *gap == 100), "one every 100 ms, across batches too");
        let version = prefcentre_app::store::policy_versions::Entity::find_by_id(2).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!((version.notices_queued as usize, version.announce_next_at), (holders + 1, None), "finished");
        assert_eq!(versions::announce_pending(&app.ctx).await.unwrap(), 0, "nothing is queued twice");
    }

    async fn a_material_policy_change_is_announced_and_shown_until_acknowledged(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false"), ("PREFCENTRE_POLICY_MAIL_PER_MINUTE", "60")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let page = app.visitor().get("/privacy").await;
        assert!(page.contains("Version 1, in effect from 25 May 2018."));
        assert!(page.contains("Milestone Systems A/S") && page.contains("Datatilsynet"), "the organisation comes from configuration");
        let page = app.visitor().get("/cookies").await;
        assert!(page.contains("strictly necessary") && page.contains("no cookie banner"));

        let effective_at = app.clock.now() + Duration::days(30);
        let not_in_advance = versions::publish(&app.ctx, NewVersion { effective_at: app.clock.now(), material: true, summary: "x".into(), body: "y".into() }).await;
        assert!(matches!(not_in_advance, Err(PublishError::NotInAdvance)), "a material change is announced before it applies");
        let backdated = versions::publish(&app.ctx, NewVersion { effective_at: Utc.with_ymd_and_hms(2017, 1, 1, 0, 0, 0).unwrap(), material: false, summary: "x".into(), body: "y".into() }).await;
        assert!(matches!(backdated, Err(PublishError::Backdated(1))));
        let published = versions::publish(&app.ctx, NewVersion {
            effective_at,
            material: true,
            summary: "We now name every partner we share data with.".into(),
            body: "## Partners\nWe name them all.".into(),
        }).await.unwrap();
        assert_eq!(published.version, 2);
        assert_eq!(published.audience, 1, "account holders only: Ada has a password, Jonas has none");
        assert_eq!(versions::announce_pending(&app.ctx).await.unwrap(), 1);
        let notice = outbox::Entity::find().filter(outbox::Column::Kind.eq("policy_changed")).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!(notice.to_address.as_deref(), Some(ADA));

        let mut browser = signed_in(&app).await;
        let page = browser.get("/account").await;
        assert!(page.contains("We now name every partner we share data with."), "the notice is shown");
        let page = browser.submit(AcknowledgePolicy::PATH, &[("version", "2")]).await;
        assert!(!page.contains("We now name every partner we share data with."), "and gone once acknowledged");
        let page = browser.get("/privacy?v=2").await;
        assert!(page.contains("This version takes effect on") && page.contains("We name them all."));

        // Consents given once it is in force carry its version.
        app.clock.advance(Duration::days(31));
        let page = app.visitor().get("/privacy").await;
        assert!(page.contains("Version 2, in effect from"));
        let mut browser = signed_in(&app).await;
        browser.get("/account/consents").await;
        browser.submit(SaveConsents::PATH, &[("choices[marketing]", "on")]).await;
        let ada = person(&app, ADA).await;
        let latest = ledger::Entity::find().filter(ledger::Column::PersonId.eq(ada.id)).filter(ledger::Column::TopicKey.eq("marketing")).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!(latest.policy_version, 2);
    }
}
