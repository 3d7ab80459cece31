//! The admin view over HTTP: a staff member set up from their link with an authenticator app,
//! signing in with password and code (or a recovery code, once), and finding people.

use crate::common;

use chrono::Duration;
use common::TestApp;
use common::staff::{ADA, STAFF, code_now, enrolled, staff_browser};
use leptos::server_fn::ServerFn;
use prefcentre_app::admin::person::api::OpenPerson;
use prefcentre_app::admin::outbox::api::RetryMail;
use prefcentre_app::admin::sign_in::api::StaffSignOut;
use prefcentre_app::auth::api::SignIn;
use prefcentre_app::demo::seed_demo;
use prefcentre_app::store::people;
use prefcentre_app::platform::clock::Clock;
use prefcentre_app::domain::StaffRole;
use prefcentre_app::store::staff;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

on_both_backends! {
    async fn a_staff_member_enrols_then_signs_in_with_password_and_a_code_once(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let (secret, codes) = enrolled(&app, StaffRole::Support).await;

        // The code used at set-up works once: the same step is refused.
        let (_, page) = staff_browser(&app, &code_now(&app, &secret)).await;
        assert!(page.contains("That did not work."), "a replayed code is refused");

        app.clock.advance(Duration::seconds(30));
        let (_, page) = staff_browser(&app, "123456").await;
        assert!(page.contains("That did not work."));
        let (mut browser, page) = staff_browser(&app, &code_now(&app, &secret)).await;
        assert!(page.contains("Signed in as Sam Admin (support)."), "{}", page.html);

        // Finding a person: by name, e-mail, postal code; nothing for one letter.
        let page = browser.get("/admin?q=lindqvist").await;
        assert!(page.contains("ada.lindqvist@example.com") && page.contains("Hellerup"));
        assert!(!page.contains("jonas.berg@example.net"));
        let page = browser.get("/admin?q=2900").await;
        assert!(page.contains("ada.lindqvist@example.com"), "by postal code");
        let page = browser.get("/admin?q=JONAS.BERG").await;
        assert!(page.contains("jonas.berg@example.net"), "case does not matter");
        let page = browser.get("/admin?q=a").await;
        assert!(!page.contains("ada.lindqvist@example.com"), "too short to search");
        assert!(!page.contains("+4532123456"), "results carry no more than needed");

        browser.get("/admin").await;
        let page = browser.submit(StaffSignOut::PATH, &[]).await;
        assert!(page.contains("Staff sign-in"));
        let page = browser.get("/admin").await;
        assert_eq!(page.headers["location"], "/admin/sign-in");

        // A recovery code signs in once.
        app.clock.advance(Duration::seconds(30));
        let (_, page) = staff_browser(&app, &codes[0]).await;
        assert!(page.contains("Signed in as Sam Admin"), "{}", page.html);
        let (_, page) = staff_browser(&app, &codes[0]).await;
        assert!(page.contains("That did not work."), "a recovery code works once");
    }

    async fn opening_a_record_needs_a_reason_that_the_person_then_sees(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let (secret, _) = enrolled(&app, StaffRole::Support).await;
        app.clock.advance(Duration::seconds(30));
        let (mut staff, _) = staff_browser(&app, &code_now(&app, &secret)).await;
        let ada = people::Entity::find().filter(people::Column::Email.eq(ADA)).one(&app.ctx.db).await.unwrap().unwrap();
        let record = format!("/admin/person?id={}", ada.id);

        let page = staff.get("/admin?q=lindqvist").await;
        assert!(page.html.contains(&record), "the search links to the record");
        let page = staff.get(&record).await;
        assert!(page.contains("Why are you opening this record?"));
        assert!(!page.contains("+45"), "nothing is shown before the reason");
        let page = staff.submit(OpenPerson::PATH, &[("person", &ada.id.to_string()), ("reason", "  ")]).await;
        assert!(page.contains("Say why you are opening this record"), "{}", page.html);
        let page = staff.submit(OpenPerson::PATH, &[("person", &ada.id.to_string()), ("reason", "Ada phoned about her newsletter")]).await;
        assert!(page.contains("ada.lindqvist@example.com") && page.contains("Audit trail"), "{}", page.html);
        assert!(page.contains("staff.viewed_person"), "the view itself is on the trail");
        use prefcentre_app::i18n::{Locale::en, tr};
        for section in [tr!(en, common.section_events), tr!(en, common.section_access), tr!(en, common.section_disclosures), tr!(en, common.section_lifecycle), tr!(en, common.section_staff_views)] {
            assert!(page.contains(section), "the record holds everything My data does: {section}");
        }
        assert!(page.contains("Partner Summit 2027"), "her event registration");

        // Ada sees who looked, in which role, and why.
        let mut person = app.visitor();
        person.get("/sign-in").await;
        person.submit(SignIn::PATH, &[("email", ADA), ("password", "demo passphrase for Ada")]).await;
        let page = person.get("/account").await;
        assert!(page.contains("Who looked at your data"));
        assert!(page.contains("Ada phoned about her newsletter") && page.contains("support"), "{}", page.html);

        // An opening lasts half an hour; then the record asks again.
        app.clock.advance(Duration::minutes(31));
        let page = staff.get(&record).await;
        assert!(page.contains("Why are you opening this record?"));
    }

    async fn an_auditor_reads_the_outbox_but_only_support_sends_again(backend: Backend) {
        use prefcentre_app::{outbox::{kinds::MailKind, queue::{Mail, queue}}, store::outbox};
        use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = people::Entity::find().filter(people::Column::Email.eq(ADA)).one(&app.ctx.db).await.unwrap().unwrap();
        let mail = Mail { kind: MailKind::PasswordChanged, person_id: ada.id, to: ADA.into(), payload: serde_json::json!({}), idempotency_key: "test-dead".into() };
        queue(&app.ctx.db, mail, &app.ctx.public, app.clock.now()).await.unwrap();
        let row = outbox::Entity::find().filter(outbox::Column::IdempotencyKey.eq("test-dead")).one(&app.ctx.db).await.unwrap().unwrap();
        let mut dead = row.clone().into_active_model();
        dead.status = Set(prefcentre_app::store::outbox::Status::Dead);
        dead.attempts = Set(12);
        dead.last_error = Set(Some("550 mailbox unavailable".into()));
        dead.update(&app.ctx.db).await.unwrap();

        let (secret, _) = enrolled(&app, StaffRole::Auditor).await;
        app.clock.advance(Duration::seconds(30));
        let (mut staff, _) = staff_browser(&app, &code_now(&app, &secret)).await;
        let page = staff.get("/admin/outbox").await;
        assert!(page.contains("550 mailbox unavailable") && page.contains("a•••@example.com"), "{}", page.html);
        assert!(!page.contains(ADA), "whose mail it is shows only once the record is opened");
        staff.get(&format!("/admin/person?id={}", ada.id)).await;
        staff.submit(OpenPerson::PATH, &[("person", &ada.id.to_string()), ("reason", "Bounce reported by Ada")]).await;
        let page = staff.get("/admin/outbox").await;
        assert!(page.contains(ADA), "{}", page.html);
        assert!(!page.contains("Send again"), "an auditor only reads");
        let refused = staff.post_as_script(RetryMail::PATH, &[("mail", &row.id.to_string())]).await;
        assert_eq!(refused.status(), 403);
        let page = staff.submit(RetryMail::PATH, &[("mail", &row.id.to_string())]).await;
        assert!(page.contains("Your role does not allow this."), "a browser form is told why");
        let still = outbox::Entity::find_by_id(row.id).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!(still.status, prefcentre_app::store::outbox::Status::Dead, "a refused call changes nothing");

        // The role is read on every request: made support, the same session may retry.
        let member = staff::Entity::find().filter(staff::Column::Email.eq(STAFF)).one(&app.ctx.db).await.unwrap().unwrap();
        let mut promoted = member.into_active_model();
        promoted.role = Set(StaffRole::Support);
        promoted.update(&app.ctx.db).await.unwrap();
        let page = staff.get("/admin/outbox").await;
        assert!(page.contains("Send again"));
        let page = staff.submit(RetryMail::PATH, &[("mail", &row.id.to_string())]).await;
        assert!(page.contains("The message is queued again."), "{}", page.html);
        let again = outbox::Entity::find_by_id(row.id).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!((again.status, again.attempts), (prefcentre_app::store::outbox::Status::Pending, 0));
    }

    async fn auditors_read_the_audit_log_with_filters_and_support_does_not(backend: Backend) {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let (secret, _) = enrolled(&app, StaffRole::Support).await;
        app.clock.advance(Duration::seconds(30));
        let (mut staff, _) = staff_browser(&app, &code_now(&app, &secret)).await;
        let page = staff.get("/admin/audit").await;
        assert!(page.contains("Your role does not allow this."), "support does not read the log");

        let member = staff::Entity::find().filter(staff::Column::Email.eq(STAFF)).one(&app.ctx.db).await.unwrap().unwrap();
        let mut auditor = member.into_active_model();
        auditor.role = Set(StaffRole::Auditor);
        auditor.update(&app.ctx.db).await.unwrap();
        let page = staff.get("/admin/audit").await;
        assert!(page.contains("staff.signed_in") && page.contains("staff.enrolled"), "{}", page.html);
        let page = staff.get("/admin/audit?action=staff.sign&actor=staff").await;
        assert!(page.contains("staff.signed_in") && !page.contains("staff.enrolled"), "filtered by action prefix");
        let page = staff.get("/admin/audit?actor=person").await;
        assert!(!page.contains("staff.signed_in"), "filtered by actor");
    }

    async fn a_person_or_a_stranger_cannot_reach_the_admin_view(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let page = app.visitor().get("/admin?q=ada").await;
        assert_eq!(page.headers["location"], "/admin/sign-in");
        let mut person = app.visitor();
        person.get("/sign-in").await;
        person.submit(SignIn::PATH, &[("email", "ada.lindqvist@example.com"), ("password", "demo passphrase for Ada")]).await;
        let page = person.get("/admin?q=ada").await;
        assert_eq!(page.headers["location"], "/admin/sign-in", "an account holder is not staff");

        // The demo's support member has no password or app yet: no way in.
        let (_, page) = staff_browser(&app, "000000").await;
        assert!(page.contains("That did not work."));
    }

    async fn a_parallel_burst_of_guesses_gets_five_tries_and_no_more(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        enrolled(&app, StaffRole::Admin).await;
        let mut guessers = Vec::new();
        for _ in 0..20 {
            let mut browser = app.visitor();
            browser.get("/admin/sign-in").await;
            guessers.push(browser);
        }
        // Every guess is in flight before any is answered: a limit read before the hash and
        // counted after it would let all of them through.
        let answers = futures::future::join_all(guessers.iter_mut().enumerate().map(|(i, browser)| async move {
            let code = format!("{:06}", 100_000 + i);
            browser.post_as_script(prefcentre_app::admin::sign_in::api::StaffSignIn::PATH, &[("email", STAFF), ("password", common::staff::STAFF_PASSWORD), ("code", &code)]).await.status().as_u16()
        }))
        .await;
        let tried = answers.iter().filter(|s| **s == 422).count();
        let limited = answers.iter().filter(|s| **s == 429).count();
        assert_eq!(tried + limited, 20, "{answers:?}");
        assert!(tried <= 5, "{tried} guesses were checked: {answers:?}");
    }

    async fn one_address_cannot_try_staff_addresses_without_limit(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        let mut browser = app.visitor();
        let mut statuses = Vec::new();
        for i in 0..25 {
            browser.get("/admin/sign-in").await;
            let email = format!("staff{i}@example.com");
            let response = browser.post_as_script(prefcentre_app::admin::sign_in::api::StaffSignIn::PATH, &[("email", &email), ("password", "guess guess guess"), ("code", "123456")]).await;
            statuses.push(response.status().as_u16());
        }
        assert!(statuses[..20].iter().all(|s| *s == 422), "{statuses:?}");
        assert!(statuses[20..].iter().all(|s| *s == 429), "the IP's own cap: {statuses:?}");
    }

    async fn second_factors_and_one_time_values_are_never_stored_in_clear(backend: Backend) {
        use prefcentre_app::{admin::sign_in::setup, store::staff_recovery_codes as recovery_entity};
        use prefcentre_app::store::sessions;
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        let link = setup::create(&app.ctx, &prefcentre_app::domain::EmailAddress::parse(STAFF).unwrap(), "Sam", StaffRole::Admin, prefcentre_app::platform::audit::Actor::System, &Default::default()).await.unwrap();
        let mut browser = app.visitor();
        let secret = common::staff::secret_on(&browser.get(&link).await.html);
        let member = staff::Entity::find().one(&app.ctx.db).await.unwrap().unwrap();
        assert!(!member.totp_secret.as_deref().unwrap().contains(&secret), "the TOTP secret is sealed at rest");

        let token = link.split("token=").nth(1).unwrap();
        let code = code_now(&app, &secret);
        let response = browser.post(prefcentre_app::admin::sign_in::api::CompleteStaffSetup::PATH, &[("token", token), ("password", common::staff::STAFF_PASSWORD), ("code", &code)]).await;
        let waiting: String = sessions::Entity::find().all(&app.ctx.db).await.unwrap().into_iter().map(|s| s.data).collect();
        let page = browser.get_following(response.headers()["location"].to_str().unwrap()).await;
        let codes: Vec<String> = page.html.split("<li><code>").skip(1).map(|c| c.split('<').next().unwrap().to_owned()).collect();
        assert_eq!(codes.len(), 10, "{}", page.html);
        let stored: Vec<String> = recovery_entity::Entity::find().all(&app.ctx.db).await.unwrap().into_iter().map(|r| r.code_hash).collect();
        for code in &codes {
            assert!(code.len() >= 16, "80 bits or more: {code}");
            assert!(!waiting.contains(code.as_str()), "the codes waited for their page sealed");
            assert!(!stored.contains(&prefcentre_app::platform::keys::sha256_hex(code.as_bytes())), "a keyed hash, not a bare SHA-256");
        }
        let member = staff::Entity::find().one(&app.ctx.db).await.unwrap().unwrap();
        assert!(!member.totp_secret.as_deref().unwrap().contains(&secret), "still sealed after enrolment");

        // And the sealed secret still signs in, as does a recovery code, once.
        app.clock.advance(Duration::seconds(30));
        let (_, page) = staff_browser(&app, &code_now(&app, &secret)).await;
        assert!(page.contains("Signed in as"), "{}", page.html);
        let (_, page) = staff_browser(&app, &codes[3].to_uppercase()).await;
        assert!(page.contains("Signed in as"), "{}", page.html);
    }

    async fn repeated_failures_are_limited(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        let (secret, _) = enrolled(&app, StaffRole::Admin).await;
        for _ in 0..5 {
            let (_, page) = staff_browser(&app, "000000").await;
            assert!(page.contains("That did not work."));
        }
        app.clock.advance(Duration::seconds(30));
        let (_, page) = staff_browser(&app, &code_now(&app, &secret)).await;
        assert!(page.contains("Too many attempts"), "{}", page.html);
    }
}
