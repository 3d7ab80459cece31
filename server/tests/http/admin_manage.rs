//! What admins manage, over HTTP: staff (a set-up link shown once; disabling signs out),
//! partners, new versions of a topic's wording (the old version stays as consented to), policy
//! versions, and API keys (shown once; revoked keys stop working).

use crate::common;

use common::TestApp;
use common::staff::{ADA, signed_in_with_record};
use leptos::server_fn::ServerFn;
use prefcentre_app::admin::manage::staff_api::AddPartner;
use prefcentre_app::admin::manage::api::CreateKey;
use prefcentre_app::admin::manage::staff_api::DisableStaff;
use prefcentre_app::admin::manage::staff_api::InviteStaff;
use prefcentre_app::admin::manage::api::PublishPolicy;
use prefcentre_app::admin::manage::staff_api::RetirePartner;
use prefcentre_app::admin::manage::api::RevokeKey;
use prefcentre_app::admin::manage::api::VersionTopic;
use prefcentre_app::admin::manage::partners;
use prefcentre_app::store::consent_topics as topic;
use prefcentre_app::demo::seed_demo;
use prefcentre_app::store::people;
use prefcentre_app::{platform::clock::Clock, store::audit_log as audit};
use prefcentre_app::{domain::StaffRole, store::staff};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

/// The value shown once on the management page.
fn shown_once(html: &str) -> Option<String> {
    let start = html.find("<code class=\"secret\">")? + "<code class=\"secret\">".len();
    Some(html[start..].split('<').next()?.replace("&amp;", "&"))
}

/// Everything the sessions table holds, as text.
async fn sessions_text(app: &TestApp) -> String {
    use prefcentre_app::store::sessions;
    sessions::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.data)
        .collect::<Vec<_>>()
        .join("\n")
}

on_both_backends! {
    async fn admins_list_pause_rotate_and_delete_webhooks(backend: Backend) {
        use prefcentre_app::admin::manage::api::ManageWebhook;
        use prefcentre_app::sender::webhooks;
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let (id, first_secret) = webhooks::create(&app.ctx, &url::Url::parse("http://127.0.0.1:9/hook").unwrap()).await.unwrap();
        let ada = people::Entity::find().filter(people::Column::Email.eq(ADA)).one(&app.ctx.db).await.unwrap().unwrap();
        let mut admin = signed_in_with_record(&app, StaffRole::Admin, ada.id, "Webhook upkeep").await;
        let page = admin.get("/admin/manage").await;
        assert!(page.contains("http://127.0.0.1:9/hook") && page.contains("active"), "{}", page.html);
        let hook = id.to_string();

        let page = admin.submit(ManageWebhook::PATH, &[("webhook", &hook), ("op", "pause")]).await;
        assert!(page.contains("paused") && page.contains("Resume"), "{}", page.html);
        assert!(webhooks::list(&app.ctx.db).await.unwrap()[0].disabled_at.is_some());

        let page = admin.submit(ManageWebhook::PATH, &[("webhook", &hook), ("op", "rotate")]).await;
        let secret = shown_once(&page.html).expect("the new secret is shown once");
        assert_ne!(secret, first_secret);
        assert_eq!(secret.len(), 64);

        let page = admin.submit(ManageWebhook::PATH, &[("webhook", &hook), ("op", "delete")]).await;
        assert!(!page.contains("http://127.0.0.1:9/hook"), "{}", page.html);
        assert!(webhooks::list(&app.ctx.db).await.unwrap().is_empty());
        let logged: Vec<String> = audit::Entity::find().filter(audit::Column::Action.starts_with("admin.webhook_")).all(&app.ctx.db).await.unwrap().into_iter().map(|e| e.action).collect();
        assert_eq!(logged, ["admin.webhook_paused", "admin.webhook_secret_rotated", "admin.webhook_deleted"]);
    }

    async fn admins_manage_staff_partners_topics_policies_and_keys(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = people::Entity::find().filter(people::Column::Email.eq(ADA)).one(&app.ctx.db).await.unwrap().unwrap();
        let mut admin = signed_in_with_record(&app, StaffRole::Admin, ada.id, "Checking the set-up").await;
        let page = admin.get("/admin/manage").await;
        assert!(page.contains("Staff") && page.contains("API keys") && page.contains("Nordic Office Supply AS"), "{}", page.html);

        // Staff: a bad address is refused next to its field; a good one gives a link, once.
        let page = admin.submit(InviteStaff::PATH, &[("staff_email", "not an address"), ("staff_name", "Rita Reader"), ("staff_role", "auditor")]).await;
        assert!(page.html.contains("field-staff_email-error"), "{}", page.html);
        let page = admin.submit(InviteStaff::PATH, &[("staff_email", "rita@example.com"), ("staff_name", "Rita Reader"), ("staff_role", "auditor")]).await;
        let link = shown_once(&page.html).expect("the set-up link is shown");
        assert!(link.contains("/admin/setup?token="), "{link}");
        let again = admin.get("/admin/manage").await;
        assert!(shown_once(&again.html).is_none(), "shown only once");
        let setup = app.visitor().get(&link).await;
        assert!(setup.contains("Set up your staff account"));
        let rita = staff::Entity::find().filter(staff::Column::Email.eq("rita@example.com")).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!(rita.role, StaffRole::Auditor);
        let created = audit::Entity::find().filter(audit::Column::Action.eq("staff.created")).order_by_desc(audit::Column::OccurredAt).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!(created.actor_kind, "staff", "the inviting admin is on the record");
        admin.get("/admin/manage").await;
        let page = admin.submit(DisableStaff::PATH, &[("staff", &rita.id.to_string())]).await;
        assert!(page.contains("disabled and signed out everywhere"), "{}", page.html);
        let me = staff::Entity::find().filter(staff::Column::Email.eq(common::staff::STAFF)).one(&app.ctx.db).await.unwrap().unwrap();
        let page = admin.submit(DisableStaff::PATH, &[("staff", &me.id.to_string())]).await;
        assert!(page.contains("cannot disable yourself"));

        // Partners: added, a duplicate refused, retired (no longer offered).
        let page = admin.submit(AddPartner::PATH, &[("partner_name", "Fjord Resellers AS")]).await;
        assert!(page.contains("The partner is added."));
        let page = admin.submit(AddPartner::PATH, &[("partner_name", "Fjord Resellers AS")]).await;
        assert!(page.contains("A partner with that name exists already."));
        let fjord = partners::all(&app.ctx.db).await.unwrap().into_iter().find(|p| p.name == "Fjord Resellers AS").unwrap();
        admin.submit(RetirePartner::PATH, &[("partner", &fjord.id.to_string())]).await;
        assert!(partners::active(&app.ctx.db).await.unwrap().iter().all(|p| p.id != fjord.id));

        // Topics: a new version; the old one is kept as it was.
        let old = topic::Entity::find().filter(topic::Column::Key.eq("newsletter")).one(&app.ctx.db).await.unwrap().unwrap();
        admin.get("/admin/topic?key=newsletter").await;
        let page = admin.submit(VersionTopic::PATH, &[("key", "newsletter"), ("title", "Newsletter"), ("wording", "")]).await;
        assert!(page.contains("Give the wording people consent to"), "{}", page.html);
        let page = admin.submit(VersionTopic::PATH, &[("key", "newsletter"), ("title", "Newsletter"), ("wording", "Send me the monthly newsletter, with product news.")]).await;
        assert!(page.contains("published as a new version"), "{}", page.html);
        let versions = topic::Entity::find().filter(topic::Column::Key.eq("newsletter")).order_by_asc(topic::Column::Version).all(&app.ctx.db).await.unwrap();
        assert_eq!(versions.len(), 2);
        assert_eq!(versions[0], old, "the version in use is never edited");
        assert_eq!(versions[1].version, old.version + 1);

        // Policy: a material change must be announced before it applies.
        admin.get("/admin/policy/new").await;
        let today = app.clock.now().format("%Y-%m-%d").to_string();
        let page = admin.submit(PublishPolicy::PATH, &[("summary", "We name our partners."), ("body", "## Partners\nAll named."), ("effective", &today), ("material", "on")]).await;
        assert!(page.contains("must take effect in the future"), "{}", page.html);
        let later = (app.clock.now() + chrono::Duration::days(30)).format("%Y-%m-%d").to_string();
        let page = admin.submit(PublishPolicy::PATH, &[("summary", "We name our partners."), ("body", "## Partners\nAll named."), ("effective", &later), ("material", "on")]).await;
        assert!(page.contains("The policy version is published."), "{}", page.html);
        assert!(page.contains("We name our partners."), "listed");

        // API keys: shown once, work, then revoked and refused.
        let page = admin.submit(CreateKey::PATH, &[("key_name", "Newsletter tool")]).await;
        assert!(page.contains("Choose at least one scope."));
        let response = admin.post(CreateKey::PATH, &[("key_name", "Newsletter tool"), ("scopes[read:audience]", "on")]).await;
        let waiting = sessions_text(&app).await;
        let page = admin.get_following(response.headers()["location"].to_str().unwrap()).await;
        let key = shown_once(&page.html).expect("the key is shown");
        assert!(!waiting.contains(&key), "the key waited for its page sealed, never in clear");
        let client = reqwest::Client::new();
        let audience = |key: String| client.get(app.url("/api/v1/audience?topic=newsletter")).bearer_auth(key).send();
        assert_eq!(audience(key.clone()).await.unwrap().status(), 200);
        let id = prefcentre_app::store::api_keys::Entity::find().one(&app.ctx.db).await.unwrap().unwrap().id;
        admin.get("/admin/manage").await;
        admin.submit(RevokeKey::PATH, &[("key", &id.to_string())]).await;
        assert_eq!(audience(key).await.unwrap().status(), 401);

        let admin_actions = audit::Entity::find().filter(audit::Column::Action.starts_with("admin.")).count(&app.ctx.db).await.unwrap();
        assert_eq!(admin_actions, 6, "staff disabled, partner added and retired, topic versioned, key created and revoked");
    }

    async fn support_and_auditors_do_not_see_the_management_pages(backend: Backend) {
        let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
        seed_demo(&app.ctx).await.unwrap();
        let ada = people::Entity::find().filter(people::Column::Email.eq(ADA)).one(&app.ctx.db).await.unwrap().unwrap();
        let mut support = signed_in_with_record(&app, StaffRole::Support, ada.id, "Checking").await;
        for page in ["/admin/manage", "/admin/topic?key=newsletter", "/admin/policy/new"] {
            let page = support.get(page).await;
            assert!(page.contains("Your role does not allow this."), "{}", page.html);
            assert!(!page.contains("Nordic Office Supply AS"));
        }
        let home = support.get("/admin").await;
        assert!(!home.html.contains("href=\"/admin/manage\""), "no link to what the role cannot open");
    }
}
