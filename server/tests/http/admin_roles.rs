//! The role matrix: every admin server function, called directly (as a script would, not
//! through its page) by a stranger, an auditor, support and an admin. Each call carries
//! arguments the function refuses as input (an empty reason, an unknown id), so a role that
//! passes the check gets 422 (or 200 where nothing needed changing) and changes nothing; a
//! role that does not gets 403, and a stranger 401.

use crate::common;

use common::TestApp;
use common::staff::{ADA, signed_in_with_record};
use leptos::server_fn::ServerFn;
use prefcentre_app::admin::requests::api::DecideRequest;
use prefcentre_app::admin::act::api::StaffAct;
use prefcentre_app::admin::act::rights_api::StaffDisclose;
use prefcentre_app::admin::act::rights_api::StaffErase;
use prefcentre_app::admin::act::rights_api::StaffRecordRequest;
use prefcentre_app::admin::act::api::StaffSaveDetails;
use prefcentre_app::admin::act::api::StaffSetConsents;
use prefcentre_app::admin::person::api::OpenPerson;
use prefcentre_app::admin::outbox::api::RetryMail;
use prefcentre_app::admin::manage::staff_api::AddPartner;
use prefcentre_app::admin::manage::api::CreateKey;
use prefcentre_app::admin::manage::staff_api::DisableStaff;
use prefcentre_app::admin::manage::staff_api::InviteStaff;
use prefcentre_app::admin::manage::api::ManageWebhook;
use prefcentre_app::admin::manage::api::PublishPolicy;
use prefcentre_app::admin::manage::staff_api::RetirePartner;
use prefcentre_app::admin::manage::api::RevokeKey;
use prefcentre_app::admin::manage::api::VersionTopic;
use prefcentre_app::demo::seed_demo;
use prefcentre_app::store::people;
use prefcentre_app::domain::StaffRole;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use StaffRole::{Admin, Auditor, Support};

/// Every admin server function, with refusable arguments, and the roles allowed to call it.
fn matrix(
    person: &str,
) -> Vec<(
    &'static str,
    Vec<(&'static str, String)>,
    &'static [StaffRole],
)> {
    let unknown = uuid::Uuid::now_v7().to_string();
    let p = || ("person", person.to_owned());
    let reason = || ("reason", String::new());
    const ACT: &[StaffRole] = &[Support, Admin];
    const ADMIN: &[StaffRole] = &[Admin];
    vec![
        (
            OpenPerson::PATH,
            vec![p(), reason()],
            &[Support, Admin, Auditor],
        ),
        (StaffSetConsents::PATH, vec![p(), reason()], ACT),
        (
            StaffSaveDetails::PATH,
            [
                "identity_how",
                "version",
                "name",
                "phone",
                "street",
                "postal_code",
                "city",
                "country",
                "company",
                "job_title",
                "language",
                "contact_channel",
            ]
            .into_iter()
            .map(|field| {
                (
                    field,
                    if field == "version" {
                        "1".to_owned()
                    } else {
                        String::new()
                    },
                )
            })
            .chain([p(), reason()])
            .collect(),
            ACT,
        ),
        (
            StaffAct::PATH,
            vec![p(), reason(), ("action", "end-sessions".into())],
            ACT,
        ),
        (
            StaffAct::PATH,
            vec![p(), reason(), ("action", "restrict".into())],
            ACT,
        ),
        (
            StaffErase::PATH,
            vec![p(), reason(), ("identity_how", String::new())],
            ACT,
        ),
        (
            StaffDisclose::PATH,
            vec![
                p(),
                reason(),
                ("partner", String::new()),
                ("purpose", String::new()),
            ],
            ACT,
        ),
        (
            StaffRecordRequest::PATH,
            vec![p(), reason(), ("kind", "access".into())],
            ACT,
        ),
        (
            DecideRequest::PATH,
            vec![("request", unknown.clone()), ("text", String::new())],
            ACT,
        ),
        (RetryMail::PATH, vec![("mail", unknown.clone())], ACT),
        (
            InviteStaff::PATH,
            vec![
                ("staff_email", String::new()),
                ("staff_name", String::new()),
                ("staff_role", String::new()),
            ],
            ADMIN,
        ),
        (DisableStaff::PATH, vec![("staff", unknown.clone())], ADMIN),
        (
            AddPartner::PATH,
            vec![("partner_name", String::new())],
            ADMIN,
        ),
        (
            RetirePartner::PATH,
            vec![("partner", unknown.clone())],
            ADMIN,
        ),
        (
            VersionTopic::PATH,
            vec![
                ("key", "newsletter".into()),
                ("title", String::new()),
                ("wording", String::new()),
            ],
            ADMIN,
        ),
        (
            PublishPolicy::PATH,
            vec![
                ("summary", String::new()),
                ("body", String::new()),
                ("effective", String::new()),
            ],
            ADMIN,
        ),
        (CreateKey::PATH, vec![("key_name", String::new())], ADMIN),
        (
            ManageWebhook::PATH,
            vec![("webhook", unknown.clone()), ("op", "pause".to_owned())],
            ADMIN,
        ),
        (RevokeKey::PATH, vec![("key", unknown)], ADMIN),
    ]
}

async fn ada(app: &TestApp) -> people::Model {
    people::Entity::find()
        .filter(people::Column::Email.eq(ADA))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
}

on_both_backends! {
    async fn every_admin_server_function_checks_the_role_on_the_server(backend: Backend) {
        for role in [Auditor, Support, Admin] {
            let app = TestApp::spawn_with(backend, &[("PREFCENTRE_DELIVER_MAIL", "false")]).await;
            seed_demo(&app.ctx).await.unwrap();
            let before = ada(&app).await;
            let mut staff = signed_in_with_record(&app, role, before.id, "Role matrix").await;
            let mut stranger = app.visitor();
            stranger.get("/admin/sign-in").await;
            for (path, args, allowed) in matrix(&before.id.to_string()) {
                let fields: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let status = staff.post_as_script(path, &fields).await.status().as_u16();
                if allowed.contains(&role) {
                    assert!(status == 422 || status == 200, "{role:?} may call {path}: got {status}");
                } else {
                    assert_eq!(status, 403, "{role:?} may not call {path}");
                }
                let status = stranger.post_as_script(path, &fields).await.status().as_u16();
                assert_eq!(status, 401, "a stranger may not call {path}");
            }
            let after = ada(&app).await;
            assert_eq!((after.version, after.restricted_at, after.erased_at), (before.version, None, None), "nothing changed");
        }
    }
}
