//! Staff acting on a person's behalf, over HTTP: every action needs a reason, is audited with
//! the staff member, goes through the ledger as source "staff", and the person sees it; the
//! identity check before details changes and erasure; partner disclosures; the request queue.

use crate::common;

use chrono::Duration;
use common::staff::{ADA, signed_in_with_record};
use common::{TestApp, smtp::SmtpSink};
use leptos::server_fn::ServerFn;
use prefcentre_app::admin::act::api::ConfirmIdentity;
use prefcentre_app::admin::requests::api::DecideRequest;
use prefcentre_app::admin::act::api::StaffAct;
use prefcentre_app::admin::act::rights_api::StaffDisclose;
use prefcentre_app::admin::act::rights_api::StaffErase;
use prefcentre_app::admin::act::rights_api::StaffRecordRequest;
use prefcentre_app::admin::act::api::StaffSaveDetails;
use prefcentre_app::admin::act::api::StaffSetConsents;
use prefcentre_app::admin::manage::partners;
use prefcentre_app::auth::api::SignIn;
use prefcentre_app::store::{consent_ledger as ledger, consent_states as state};
use prefcentre_app::demo::seed_demo;
use prefcentre_app::store::outbox;
use prefcentre_app::store::people;
use prefcentre_app::store::audit_log as audit;
use prefcentre_app::platform::clock::Clock;
use prefcentre_app::store::rights_requests as requests;
use prefcentre_app::domain::StaffRole;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

const JONAS: &str = "jonas.berg@example.net";

async fn person(app: &TestApp, email: &str) -> people::Model {
    people::Entity::find()
        .filter(people::Column::Email.eq(email))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
}

async fn consent(app: &TestApp, person: uuid::Uuid, topic: &str) -> Option<String> {
    state::Entity::find()
        .filter(state::Column::PersonId.eq(person))
        .filter(state::Column::TopicKey.eq(topic))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .map(|s| s.state.as_str().to_owned())
}

async fn actions(app: &TestApp, person: uuid::Uuid, action: &str) -> Vec<audit::Model> {
    audit::Entity::find()
        .filter(audit::Column::PersonId.eq(person))
        .filter(audit::Column::Action.eq(action))
        .order_by_asc(audit::Column::OccurredAt)
        .all(&app.ctx.db)
        .await
        .unwrap()
}

async fn ada_signed_in(app: &TestApp) -> common::browser::Browser {
    let mut browser = app.visitor();
    browser.get("/sign-in").await;
    browser
        .submit(
            SignIn::PATH,
            &[("email", ADA), ("password", "demo passphrase for Ada")],
        )
        .await;
    browser
}

/// Ada's details form as staff post it, with a new phone number.
fn details_form(ada: &people::Model, identity: &str, how: &str) -> Vec<(String, String)> {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    [
        ("person", ada.id.to_string()),
        ("reason", "Letter asking for a new phone number".to_owned()),
        ("identity", identity.to_owned()),
        ("identity_how", how.to_owned()),
        ("version", ada.version.to_string()),
        ("name", "Ada Lindqvist".to_owned()),
        ("phone", "+45 20 30 40 50".to_owned()),
        ("street", text(&ada.street)),
        ("postal_code", text(&ada.postal_code)),
        ("city", text(&ada.city)),
        ("country", text(&ada.country)),
        ("company", text(&ada.company)),
        ("job_title", text(&ada.job_title)),
        ("language", ada.language.clone()),
        ("contact_channel", ada.contact_channel.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn as_fields(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

on_both_backends! {
    async fn a_consent_changed_by_staff_is_in_the_ledger_the_audit_log_and_the_persons_history(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        let mut staff = signed_in_with_record(&app, StaffRole::Support, ada.id, "Ada phoned about competitions").await;
        let page = staff.get(&format!("/admin/person/act?id={}&do=consents", ada.id)).await;
        assert!(page.contains("Change consents"), "{}", page.html);
        let before = ledger::Entity::find().count(&app.ctx.db).await.unwrap();
        assert_eq!(consent(&app, ada.id, "newsletter").await.as_deref(), Some("granted"));

        // No reason: refused next to the field, nothing written.
        let id = ada.id.to_string();
        let page = staff.submit(StaffSetConsents::PATH, &[("person", &id), ("reason", " "), ("choices[competitions]", "on")]).await;
        assert!(page.contains("Say why you are doing this"), "{}", page.html);
        assert_eq!(ledger::Entity::find().count(&app.ctx.db).await.unwrap(), before);

        // Competitions on, the newsletter off, everything else as it was.
        let reason = "Asked by phone: competitions yes, newsletter no";
        let mut fields = vec![("person", id.as_str()), ("reason", reason), ("choices[competitions]", "on")];
        let keep: Vec<String> = state::Entity::find().filter(state::Column::PersonId.eq(ada.id)).all(&app.ctx.db).await.unwrap()
            .into_iter().filter(|s| (s.state.as_str() == "granted" || s.state.as_str() == "pending") && s.topic_key != "newsletter" && s.topic_key != "competitions")
            .map(|s| format!("choices[{}]", s.topic_key)).collect();
        for key in &keep { fields.push((key.as_str(), "on")); }
        let page = staff.submit(StaffSetConsents::PATH, &fields).await;
        assert!(page.contains("The consents are changed."), "{}", page.html);
        assert_eq!(consent(&app, ada.id, "newsletter").await.as_deref(), Some("withdrawn"), "a withdrawal applies at once");
        assert_eq!(consent(&app, ada.id, "competitions").await.as_deref(), Some("pending"), "a grant waits for the person");

        let entries = ledger::Entity::find().filter(ledger::Column::PersonId.eq(ada.id)).order_by_desc(ledger::Column::Seq).all(&app.ctx.db).await.unwrap();
        for entry in &entries[..2] {
            assert_eq!((entry.source.as_str(), entry.actor_kind.as_str(), entry.reason.as_deref()), ("staff", "staff", Some(reason)));
        }
        let changed = actions(&app, ada.id, "consents.changed").await;
        let last = changed.last().unwrap();
        assert_eq!((last.actor_kind.as_str(), last.reason.as_deref()), ("staff", Some(reason)));

        // Ada is told, confirms the grant from her mail, and sees all of it with the reason.
        sink.mail_to(ADA, "Your choices are saved").await;
        let confirm = sink.mail_to(ADA, "Please confirm your subscription").await;
        let link = confirm.link_starting(&app.url("/consents/confirm")).expect("a confirmation link");
        let mut browser = ada_signed_in(&app).await;
        browser.get(&link).await;
        let token = link.split("token=").nth(1).unwrap().to_owned();
        browser.submit(prefcentre_app::consents::api::ConsentLink::PATH, &[("action", "confirm"), ("token", &token)]).await;
        assert_eq!(consent(&app, ada.id, "competitions").await.as_deref(), Some("granted"));
        let page = browser.get("/account/consents").await;
        assert!(page.contains("staff") && page.contains(reason) && page.contains("double opt-in confirm"), "{}", page.html);
        let page = browser.get("/account").await;
        assert!(page.contains("Ada phoned about competitions"), "who looked at my data");
    }

    async fn the_smaller_actions_need_a_reason_and_leave_a_trail(backend: Backend) {
        use prefcentre_app::store::sessions;
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        let _ada_browser = ada_signed_in(&app).await;
        let id = ada.id.to_string();
        let mut staff = signed_in_with_record(&app, StaffRole::Support, ada.id, "Ticket 4411").await;
        staff.get(&format!("/admin/person/act?id={id}&do=sessions")).await;

        let page = staff.submit(StaffAct::PATH, &[("person", &id), ("action", "end-sessions"), ("reason", "")]).await;
        assert!(page.contains("Say why you are doing this"));
        assert_eq!(sessions::Entity::find().filter(sessions::Column::PersonId.eq(ada.id)).count(&app.ctx.db).await.unwrap(), 1);
        let page = staff.submit(StaffAct::PATH, &[("person", &id), ("action", "end-sessions"), ("reason", "Lost her phone")]).await;
        assert!(page.contains("Every session of the person is ended."), "{}", page.html);
        assert_eq!(sessions::Entity::find().filter(sessions::Column::PersonId.eq(ada.id)).count(&app.ctx.db).await.unwrap(), 0);
        assert_eq!(actions(&app, ada.id, "staff.ended_sessions").await[0].reason.as_deref(), Some("Lost her phone"));

        let link = prefcentre_app::platform::newsletter_links::profile_url(&app.ctx, ada.id, app.clock.now());
        app.clock.advance(chrono::Duration::seconds(1));
        let page = staff.get(&format!("/admin/person/act?id={id}&do=links")).await;
        assert!(page.contains("Stop all profile links"), "{}", page.html);
        let page = staff.submit(StaffAct::PATH, &[("person", &id), ("action", "revoke-links"), ("reason", "She forwarded a newsletter")]).await;
        assert!(page.contains("Every profile link of the person has stopped working."), "{}", page.html);
        assert!(app.visitor().get(&link).await.contains("Get a new link"));
        assert_eq!(actions(&app, ada.id, "links.revoked").await[0].reason.as_deref(), Some("She forwarded a newsletter"));

        let page = staff.submit(StaffAct::PATH, &[("person", &id), ("action", "password-reset"), ("reason", "Forgot it, phoned in")]).await;
        assert!(page.contains("password-reset link is on its way"), "{}", page.html);
        assert_eq!(outbox::Entity::find().filter(outbox::Column::PersonId.eq(ada.id)).filter(outbox::Column::Kind.eq("password_reset")).count(&app.ctx.db).await.unwrap(), 1);
        assert_eq!(actions(&app, ada.id, "staff.password_reset_started").await.len(), 1);

        let page = staff.submit(StaffAct::PATH, &[("person", &id), ("action", "restrict"), ("reason", "Letter of 28 November")]).await;
        assert!(page.contains("Processing is restricted."), "{}", page.html);
        assert!(person(&app, ADA).await.restricted_at.is_some());
        let made = requests::Entity::find().filter(requests::Column::PersonId.eq(ada.id)).filter(requests::Column::Kind.eq("restriction")).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!((made.channel.as_str(), made.staff_id.is_some()), ("staff", true));

        // An action needs the record opened by this member within the last half hour.
        app.clock.advance(Duration::minutes(31));
        let refused = staff.post(StaffAct::PATH, &[("person", &id), ("action", "lift"), ("reason", "Too late")]).await;
        assert!(refused.status().is_redirection());
        assert!(person(&app, ADA).await.restricted_at.is_some(), "nothing changed");
    }

    async fn details_and_erasure_need_an_identity_check_first(backend: Backend) {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with_mail(backend, &sink).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        let id = ada.id.to_string();
        let mut staff = signed_in_with_record(&app, StaffRole::Support, ada.id, "Wrote in to change her phone").await;
        staff.get(&format!("/admin/person/act?id={id}&do=details")).await;
        let none = details_form(&ada, "", "");
        let page = staff.submit(StaffSaveDetails::PATH, &as_fields(&none)).await;
        assert!(page.contains("Say how you checked that this is the person."), "{}", page.html);
        let by_mail = details_form(&ada, "email", "");
        let fields = as_fields(&by_mail);
        let page = staff.submit(StaffSaveDetails::PATH, &fields).await;
        assert!(page.contains("has not confirmed a verification e-mail"), "{}", page.html);
        assert_eq!(person(&app, ADA).await.phone, ada.phone, "nothing changed");

        // The verification e-mail goes to the address on file; Ada confirms from its link.
        staff.get(&format!("/admin/person/act?id={id}&do=identity")).await;
        let page = staff.submit(StaffAct::PATH, &[("person", &id), ("action", "identity-mail"), ("reason", "Before changing her phone")]).await;
        assert!(page.contains("A verification e-mail is on its way"), "{}", page.html);
        let mail = sink.mail_to(ADA, "Please confirm it is you").await;
        let link = mail.link_starting(&app.url("/identity/confirm")).expect("a confirmation link");
        let mut ada_browser = app.visitor();
        let page = ada_browser.get(&link).await;
        assert!(page.contains("Yes, it is me"), "{}", page.html);
        let token = link.split("token=").nth(1).unwrap().to_owned();
        let page = ada_browser.submit(ConfirmIdentity::PATH, &[("token", &token)]).await;
        assert!(page.contains("we know it is you"), "{}", page.html);
        let again = ada_browser.post(ConfirmIdentity::PATH, &[("token", &token)]).await;
        assert!(again.status().is_redirection(), "a spent link is refused, not an error");

        staff.get(&format!("/admin/person/act?id={id}&do=details")).await;
        let page = staff.submit(StaffSaveDetails::PATH, &fields).await;
        assert!(page.contains("The contact details are changed."), "{}", page.html);
        assert_eq!(person(&app, ADA).await.phone.as_deref(), Some("+4520304050"));
        let again = details_form(&person(&app, ADA).await, "email", "");
        staff.get(&format!("/admin/person/act?id={id}&do=details")).await;
        let page = staff.submit(StaffSaveDetails::PATH, &as_fields(&again)).await;
        assert!(page.contains("has not confirmed a verification e-mail"), "one confirmation, one action");
        let checked = actions(&app, ada.id, "staff.identity_checked").await;
        assert_eq!(checked.len(), 1);
        assert!(checked[0].reason.as_deref().unwrap().contains("verification e-mail"));
        let changed = actions(&app, ada.id, "person.details_changed").await;
        assert_eq!((changed[0].actor_kind.as_str(), changed[0].reason.as_deref()), ("staff", Some("Letter asking for a new phone number")));

        // Erasure: recorded another way, with how.
        staff.get(&format!("/admin/person/act?id={id}&do=erase")).await;
        let page = staff.submit(StaffErase::PATH, &[("person", &id), ("reason", "Asked to be forgotten"), ("identity", "recorded"), ("identity_how", "")]).await;
        assert!(page.contains("Say how you checked the person"), "{}", page.html);
        assert!(person(&app, ADA).await.erased_at.is_none());
        let page = staff.submit(StaffErase::PATH, &[("person", &id), ("reason", "Asked to be forgotten"), ("identity", "recorded"), ("identity_how", "Called back on the number on file")]).await;
        assert!(page.contains("The person's data is erased."), "{}", page.html);
        let erased = people::Entity::find_by_id(ada.id).one(&app.ctx.db).await.unwrap().unwrap();
        assert!(erased.erased_at.is_some() && erased.full_name.is_none());
        let checked = actions(&app, ada.id, "staff.identity_checked").await;
        assert_eq!(checked.len(), 2, "the checks stay as events");
        assert!(checked.iter().all(|c| c.reason.is_none()), "their free text goes with the erasure");
        let entries = ledger::Entity::find().filter(ledger::Column::PersonId.eq(ada.id)).all(&app.ctx.db).await.unwrap();
        assert!(entries.iter().all(|e| e.reason.is_none()));

        // The opening still lasts, but nothing can be written back onto the erased row.
        let late = details_form(&erased, "recorded", "Called back");
        let refused = staff.post_as_script(StaffSaveDetails::PATH, &as_fields(&late)).await;
        assert_eq!(refused.status(), 404);
        let still = people::Entity::find_by_id(ada.id).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!((still.full_name, still.phone), (None, None));
    }

    async fn a_disclosure_needs_consent_and_is_refused_while_restricted(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        let id = ada.id.to_string();
        let partner = partners::active(&app.ctx.db).await.unwrap().remove(0);
        let mut staff = signed_in_with_record(&app, StaffRole::Support, ada.id, "Reseller asked for her details").await;
        let disclose = [("person", id.as_str()), ("reason", "Quote requested"), ("partner", &partner.id.to_string()), ("categories[contact]", "on"), ("categories[company]", "on"), ("purpose", "Send her a quote for office chairs")];
        let partner_id = partner.id.to_string();
        let disclose: Vec<(&str, &str)> = disclose.iter().map(|(k, v)| if *k == "partner" { (*k, partner_id.as_str()) } else { (*k, *v) }).collect();

        // Without the partner-contact consent: refused.
        if consent(&app, ada.id, "partner_contact").await.as_deref() == Some("granted") {
            staff.get(&format!("/admin/person/act?id={id}&do=consents")).await;
            staff.submit(StaffSetConsents::PATH, &[("person", &id), ("reason", "Withdrew by phone")]).await;
        }
        let page = staff.get(&format!("/admin/person/act?id={id}&do=disclose")).await;
        assert!(page.contains("has not consented to contact from partners"), "{}", page.html);
        let page = staff.submit(StaffDisclose::PATH, &disclose).await;
        assert!(page.contains("has not consented to contact from partners"), "{}", page.html);

        // Staff cannot grant it for her (their grant waits for her confirmation); she grants it.
        staff.get(&format!("/admin/person/act?id={id}&do=consents")).await;
        staff.submit(StaffSetConsents::PATH, &[("person", &id), ("reason", "Agreed on the phone"), ("choices[partner_contact]", "on")]).await;
        assert_eq!(consent(&app, ada.id, "partner_contact").await.as_deref(), Some("pending"));
        let page = staff.submit(StaffDisclose::PATH, &disclose).await;
        assert!(page.contains("has not consented to contact from partners"), "pending is not consent");
        let mut own = ada_signed_in(&app).await;
        own.get("/account/consents").await;
        let mut mine: Vec<String> = state::Entity::find().filter(state::Column::PersonId.eq(ada.id)).all(&app.ctx.db).await.unwrap()
            .into_iter().filter(|s| s.state.as_str() != "withdrawn").map(|s| format!("choices[{}]", s.topic_key)).collect();
        mine.sort();
        let fields: Vec<(&str, &str)> = mine.iter().map(|k| (k.as_str(), "on")).collect();
        own.submit(prefcentre_app::consents::api::SaveConsents::PATH, &fields).await;
        assert_eq!(consent(&app, ada.id, "partner_contact").await.as_deref(), Some("granted"));
        let page = staff.get(&format!("/admin/person/act?id={id}&do=disclose")).await;
        assert!(page.contains(&partner.name), "{}", page.html);
        let no_categories: Vec<(&str, &str)> = disclose.iter().copied().filter(|(k, _)| !k.starts_with("categories")).collect();
        let page = staff.submit(StaffDisclose::PATH, &no_categories).await;
        assert!(page.contains("Choose at least one category"), "{}", page.html);
        let page = staff.submit(StaffDisclose::PATH, &disclose).await;
        assert!(page.contains("The disclosure is recorded."), "{}", page.html);
        let mut browser = ada_signed_in(&app).await;
        let page = browser.get("/account").await;
        assert!(page.contains(&partner.name) && page.contains("Send her a quote for office chairs"), "the person sees it");

        // Restricted: refused, nothing recorded.
        staff.get(&format!("/admin/person/act?id={id}&do=restriction")).await;
        staff.submit(StaffAct::PATH, &[("person", &id), ("action", "restrict"), ("reason", "Objected by letter")]).await;
        staff.get(&format!("/admin/person/act?id={id}&do=disclose")).await;
        let page = staff.submit(StaffDisclose::PATH, &disclose).await;
        assert!(page.contains("processing is restricted"), "{}", page.html);
        assert_eq!(actions(&app, ada.id, "staff.disclosed_to_partner").await.len(), 1, "only the one before the restriction");
    }

    async fn the_queue_orders_requests_by_due_date_and_an_extension_is_mailed(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        let jonas = person(&app, JONAS).await;
        let mut staff = signed_in_with_record(&app, StaffRole::Support, ada.id, "Letter about an objection").await;
        staff.get(&format!("/admin/person/act?id={}&do=request", ada.id)).await;
        let page = staff.submit(StaffRecordRequest::PATH, &[("person", &ada.id.to_string()), ("reason", "Letter of 1 March"), ("kind", "objection")]).await;
        assert!(page.contains("The request is recorded"), "{}", page.html);
        assert_eq!(outbox::Entity::find().filter(outbox::Column::PersonId.eq(ada.id)).filter(outbox::Column::Kind.eq("request_received")).count(&app.ctx.db).await.unwrap(), 1, "a receipt");

        staff.get(&format!("/admin/person?id={}", jonas.id)).await;
        staff.submit(prefcentre_app::admin::person::api::OpenPerson::PATH, &[("person", &jonas.id.to_string()), ("reason", "E-mail asking for a copy")]).await;
        staff.get(&format!("/admin/person/act?id={}&do=request", jonas.id)).await;
        staff.submit(StaffRecordRequest::PATH, &[("person", &jonas.id.to_string()), ("reason", "E-mail of 2 March"), ("kind", "access")]).await;
        let page = staff.get("/admin/requests").await;
        assert!(page.contains("Ada Lindqvist") && page.html.contains(JONAS) && !page.contains("overdue"), "{}", page.html);

        // A letter of Ada's had arrived 32 days before it was recorded: due first, and overdue.
        let received = (app.clock.now() - Duration::days(32)).format("%Y-%m-%d").to_string();
        let tomorrow = (app.clock.now() + Duration::days(1)).format("%Y-%m-%d").to_string();
        staff.get(&format!("/admin/person/act?id={}&do=request", ada.id)).await;
        let page = staff.submit(StaffRecordRequest::PATH, &[("person", &ada.id.to_string()), ("reason", "Letter found late"), ("kind", "erasure"), ("received", &tomorrow)]).await;
        assert!(page.contains("Give a day in the last 90 days"), "{}", page.html);
        staff.submit(StaffRecordRequest::PATH, &[("person", &ada.id.to_string()), ("reason", "Letter found late"), ("kind", "erasure"), ("received", &received)]).await;
        let ada_request = requests::Entity::find().filter(requests::Column::PersonId.eq(ada.id)).filter(requests::Column::Kind.eq("erasure")).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!(ada_request.received_at.format("%Y-%m-%d").to_string(), received);
        let page = staff.get("/admin/requests").await;
        let (first, second) = (page.html.find("Ada Lindqvist").unwrap(), page.html.find(JONAS).unwrap());
        assert!(first < second, "the soonest due first");
        assert!(page.contains("overdue"), "Ada's is past its month");
        let page = staff.get("/admin/dashboard").await;
        assert!(page.contains("<svg") && page.contains("Ada Lindqvist"), "due this week, with charts");

        let jonas_request = requests::Entity::find().filter(requests::Column::PersonId.eq(jonas.id)).one(&app.ctx.db).await.unwrap().unwrap();
        staff.get(&format!("/admin/request?id={}", jonas_request.id)).await;
        let page = staff.submit(DecideRequest::PATH, &[("request", &jonas_request.id.to_string()), ("decision", "extend"), ("text", "")]).await;
        assert!(page.contains("Say what was done, or why"), "{}", page.html);
        let page = staff.submit(DecideRequest::PATH, &[("request", &jonas_request.id.to_string()), ("decision", "extend"), ("text", "Twelve years of records to gather")]).await;
        assert!(page.contains("The request is updated."), "{}", page.html);
        assert_eq!(outbox::Entity::find().filter(outbox::Column::PersonId.eq(jonas.id)).filter(outbox::Column::Kind.eq("request_extended")).count(&app.ctx.db).await.unwrap(), 1, "the reason is mailed");
        staff.get(&format!("/admin/request?id={}", jonas_request.id)).await;
        let page = staff.submit(DecideRequest::PATH, &[("request", &jonas_request.id.to_string()), ("decision", "extend"), ("text", "Again")]).await;
        assert!(page.contains("That is no longer possible"), "extended once only");

        // Overdue requests can no longer be extended, only answered.
        staff.get(&format!("/admin/request?id={}", ada_request.id)).await;
        let page = staff.submit(DecideRequest::PATH, &[("request", &ada_request.id.to_string()), ("decision", "reject"), ("text", "The processing rests on a contract")]).await;
        assert!(page.contains("The request is updated."));
        let closed = requests::Entity::find_by_id(ada_request.id).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!((closed.status.as_str(), closed.outcome.as_deref()), ("rejected", Some("The processing rests on a contract")));
        let answered = outbox::Entity::find().filter(outbox::Column::PersonId.eq(ada.id)).filter(outbox::Column::Kind.eq("request_answered")).one(&app.ctx.db).await.unwrap().expect("the person is told why");
        assert!(answered.payload.unwrap_or_default().contains("The processing rests on a contract"));
        let page = staff.get("/admin/requests").await;
        assert_eq!(page.html.matches("Ada Lindqvist").count(), 1, "closed requests leave the queue; her objection stays");
    }
    async fn the_queue_shows_who_and_lets_staff_decide_only_for_records_they_opened(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        let mut staff = signed_in_with_record(&app, StaffRole::Support, ada.id, "Letter about an objection").await;
        staff.get(&format!("/admin/person/act?id={}&do=request", ada.id)).await;
        staff.submit(StaffRecordRequest::PATH, &[("person", &ada.id.to_string()), ("reason", "Letter of 1 March"), ("kind", "objection")]).await;
        let request = requests::Entity::find().filter(requests::Column::PersonId.eq(ada.id)).one(&app.ctx.db).await.unwrap().unwrap();
        assert!(staff.get("/admin/requests").await.contains("Ada Lindqvist"));

        // Half an hour later the opening has lapsed (the session, in use, has not): the queue
        // says what, not who.
        app.clock.advance(Duration::minutes(20));
        assert!(staff.get("/admin/requests").await.contains("Ada Lindqvist"));
        app.clock.advance(Duration::minutes(11));
        let page = staff.get("/admin/requests").await;
        assert!(page.contains("Open the record to see who") && !page.contains("Ada Lindqvist"), "{}", page.html);
        let page = staff.get(&format!("/admin/request?id={}", request.id)).await;
        assert!(!page.contains("Ada Lindqvist") && page.contains("Open the record"), "{}", page.html);
        let refused = staff.post_as_script(DecideRequest::PATH, &[("request", &request.id.to_string()), ("decision", "complete"), ("text", "Done by phone")]).await;
        assert_eq!(refused.status(), 403);
        let still = requests::Entity::find_by_id(request.id).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!(still.status.as_str(), "open", "a refused decision changes nothing");
        let page = staff.get("/admin/dashboard").await;
        assert!(!page.contains("Ada Lindqvist"), "nor does the dashboard show who");
    }

    async fn staff_download_a_persons_data_after_an_identity_check(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        let id = ada.id.to_string();
        let mut staff = signed_in_with_record(&app, StaffRole::Support, ada.id, "Letter asking for a copy").await;
        let page = staff.get(&format!("/admin/person/act?id={id}&do=export")).await;
        assert!(page.contains("Download the person's data"), "{}", page.html);

        let page = staff.submit("/admin/export", &[("person", &id), ("format", "json"), ("reason", "Letter of 1 March"), ("identity", "")]).await;
        assert!(page.contains("Say how you checked that this is the person."), "{}", page.html);
        assert!(actions(&app, ada.id, "staff.exported").await.is_empty(), "nothing left");

        let response = staff.post("/admin/export", &[("person", &id), ("format", "json"), ("reason", "Letter of 1 March"), ("identity", "recorded"), ("identity_how", "Signed letter matching the address on file")]).await;
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-disposition"].to_str().unwrap().contains("personal-data-"));
        let data: serde_json::Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
        assert_eq!(data["person"]["email"], ADA);
        let exported = actions(&app, ada.id, "staff.exported").await;
        assert_eq!(exported[0].reason.as_deref(), Some("Letter of 1 March"));
        assert_eq!(actions(&app, ada.id, "staff.identity_checked").await.len(), 1);
        let access = requests::Entity::find().filter(requests::Column::PersonId.eq(ada.id)).filter(requests::Column::Kind.eq("access")).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!((access.channel.as_str(), access.status.as_str()), ("staff", "completed"));
    }

    async fn auditors_cannot_download_a_persons_data(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        let mut auditor = signed_in_with_record(&app, StaffRole::Auditor, ada.id, "Audit sample").await;
        let page = auditor.get(&format!("/admin/person/act?id={}&do=export", ada.id)).await;
        assert!(page.contains("Your role does not allow this.") && !page.contains("Download the person's data"), "{}", page.html);
        let refused = auditor.post("/admin/export", &[("person", &ada.id.to_string()), ("format", "json"), ("reason", "Curious"), ("identity", "recorded"), ("identity_how", "None")]).await;
        assert_eq!(refused.status(), 403);
        assert!(actions(&app, ada.id, "staff.exported").await.is_empty());
    }

    async fn the_dashboard_counts_consents_held_and_changes_per_day(backend: Backend) {
        use prefcentre_app::admin::dashboard::ssr as dashboard;
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = person(&app, ADA).await;
        let mut staff = signed_in_with_record(&app, StaffRole::Support, ada.id, "Newsletter off by phone").await;
        let id = ada.id.to_string();
        staff.get(&format!("/admin/person/act?id={id}&do=consents")).await;
        let keep: Vec<String> = state::Entity::find().filter(state::Column::PersonId.eq(ada.id)).all(&app.ctx.db).await.unwrap()
            .into_iter().filter(|s| s.state.as_str() != "withdrawn" && s.topic_key != "newsletter").map(|s| format!("choices[{}]", s.topic_key)).collect();
        let mut fields = vec![("person", id.as_str()), ("reason", "Phoned in")];
        fields.extend(keep.iter().map(|k| (k.as_str(), "on")));
        staff.submit(StaffSetConsents::PATH, &fields).await;

        let staff_id = prefcentre_app::store::staff::Entity::find().one(&app.ctx.db).await.unwrap().unwrap().id;
        let board = dashboard::load(&app.ctx, staff_id).await.unwrap();
        for (title, held) in &board.topics {
            let key = prefcentre_app::consents::ssr::ledger::current_topics(&app.ctx.db).await.unwrap().into_iter().find(|t| &t.title == title).unwrap().key;
            let expected = state::Entity::find().filter(state::Column::TopicKey.eq(key)).filter(state::Column::State.eq("granted")).count(&app.ctx.db).await.unwrap();
            assert_eq!(*held, expected as i64, "{title}");
        }
        assert_eq!(board.days.len(), dashboard::DAYS as usize);
        let today = board.days.last().unwrap();
        assert_eq!(today.day, app.clock.now().format("%Y-%m-%d").to_string());
        let midnight = app.clock.now().date_naive().and_hms_opt(0, 0, 0).unwrap().and_utc();
        let since = midnight - Duration::days(dashboard::DAYS - 1);
        let count = |wanted: &'static str, from: chrono::DateTime<chrono::Utc>| {
            ledger::Entity::find().filter(ledger::Column::State.eq(wanted)).filter(ledger::Column::OccurredAt.gte(from)).count(&app.ctx.db)
        };
        assert_eq!((today.opt_in, today.opt_out), (count("granted", midnight).await.unwrap() as i64, count("withdrawn", midnight).await.unwrap() as i64));
        assert!(today.opt_out >= 1, "the newsletter withdrawal is counted");
        let (ins, outs) = board.days.iter().fold((0, 0), |(i, o), d| (i + d.opt_in, o + d.opt_out));
        assert_eq!((ins, outs), (count("granted", since).await.unwrap() as i64, count("withdrawn", since).await.unwrap() as i64), "every day of the window, and nothing before it");
        let page = staff.get("/admin/dashboard").await;
        assert!(page.contains(&format!("{} opt-ins and {} opt-outs", today.opt_in, today.opt_out)), "{}", page.html);
    }
}
