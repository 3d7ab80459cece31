//! The staff pages: the page data they share, and on the server their loaders with the
//! roles that open each (the paths are in `crate::paths`).

#[cfg(feature = "ssr")]
use crate::paths;

/// A staff page the member's role does not open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotAllowed;

/// A person's record, before it is opened with a reason: the person's id only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClosedRecord(pub String);

/// Shown once, right after a staff member's set-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryCodes(pub Vec<String>);

/// The form for a new policy version (nothing to load; the role decides).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewPolicyForm;

#[cfg(feature = "ssr")]
pub use ssr::routes;

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::admin::act::pages::AdminActPage;
    use crate::admin::audit::pages::AdminAuditPage;
    use crate::admin::dashboard::pages::AdminDashboardPage;
    use crate::admin::search::pages::AdminHomePage;
    use crate::admin::manage::pages::AdminManagePage;
    use crate::admin::outbox::pages::AdminOutboxPage;
    use crate::admin::person::pages::AdminPersonPage;
    use crate::admin::manage::pages::AdminPolicyPage;
    use crate::admin::requests::pages::AdminRequestPage;
    use crate::admin::requests::pages::AdminRequestsPage;
    use crate::admin::manage::pages::AdminTopicPage;
    use crate::admin::act::pages::IdentityConfirmPage;
    use crate::admin::sign_in::pages::RecoveryCodesPage;
    use crate::admin::sign_in::pages::StaffSetupPage;
    use crate::admin::sign_in::pages::StaffSignInPage;
    use leptos::prelude::IntoAny;
    use crate::admin::audit::ssr as audit;
    use crate::admin::sign_in::setup as staff_setup;
    use crate::admin::dashboard::ssr as dashboard;
    use crate::admin::manage::ssr as manage;
    use crate::admin::outbox::ssr as outbox;
    use crate::admin::person::ssr as person;
    use crate::admin::requests::ssr as queue;
    use crate::admin::search::ssr as search;
    use crate::admin::act::Action;
    use crate::admin::search::AdminHome;
    use crate::admin::audit::AuditFilter;
    use crate::admin::outbox::OutboxView;
    use crate::admin::requests::QueueView;
    use crate::admin::sign_in::SetupView;
    use crate::auth::routes::link_page;
    use crate::domain::StaffRole;
    use crate::page::{
        PageData,
        load::{ACTING_STAFF, ANY_STAFF, Access, Load, Loading, Route, StaffMember},
    };
    use crate::platform::tokens::Purpose;
    use uuid::Uuid;

    const ADMIN: &[StaffRole] = &[StaffRole::Admin];
    const READS_AUDIT: &[StaffRole] = &[StaffRole::Admin, StaffRole::Auditor];

    pub fn routes() -> Vec<Route> {
        vec![
            Route { path: paths::ADMIN_HOME, access: Access::Staff(ANY_STAFF, home), view: || AdminHomePage().into_any() },
            Route::plain(paths::ADMIN_SIGN_IN, || StaffSignInPage().into_any()),
            Route { path: paths::ADMIN_SETUP, access: Access::Anyone(setup), view: || StaffSetupPage().into_any() },
            Route { path: paths::ADMIN_SETUP_DONE, access: Access::Anyone(setup_done), view: || RecoveryCodesPage().into_any() },
            Route { path: paths::ADMIN_PERSON, access: Access::Staff(ANY_STAFF, person_page), view: || AdminPersonPage().into_any() },
            Route { path: paths::ADMIN_ACT, access: Access::Staff(ACTING_STAFF, act), view: || AdminActPage().into_any() },
            Route { path: paths::ADMIN_REQUESTS, access: Access::Staff(ANY_STAFF, requests), view: || AdminRequestsPage().into_any() },
            Route { path: paths::ADMIN_REQUEST, access: Access::Staff(ACTING_STAFF, request), view: || AdminRequestPage().into_any() },
            Route { path: paths::ADMIN_DASHBOARD, access: Access::Staff(ANY_STAFF, dashboard_page), view: || AdminDashboardPage().into_any() },
            Route { path: paths::ADMIN_MANAGE, access: Access::Staff(ADMIN, manage_page), view: || AdminManagePage().into_any() },
            Route { path: paths::ADMIN_TOPIC, access: Access::Staff(ADMIN, topic), view: || AdminTopicPage().into_any() },
            Route { path: paths::ADMIN_POLICY_NEW, access: Access::Staff(ADMIN, |_, _| ready(NewPolicyForm)), view: || AdminPolicyPage().into_any() },
            Route { path: paths::ADMIN_OUTBOX, access: Access::Staff(ANY_STAFF, outbox_page), view: || AdminOutboxPage().into_any() },
            Route { path: paths::ADMIN_AUDIT, access: Access::Staff(READS_AUDIT, audit_page), view: || AdminAuditPage().into_any() },
            Route {
                path: paths::IDENTITY_CONFIRM,
                access: Access::Anyone(|l| link_page(l, Purpose::IdentityCheck)), view: || IdentityConfirmPage().into_any() },
        ]
    }

    fn ready<'a, T: Send + Sync + 'static>(data: T) -> Loading<'a> {
        Box::pin(std::future::ready(Ok(PageData::new(data).into())))
    }

    fn id(load: &Load<'_>) -> Option<Uuid> {
        Uuid::parse_str(&load.query("id")).ok()
    }

    fn setup<'a>(load: &'a Load<'a>) -> Loading<'a> {
        Box::pin(async move {
            let token = load.query("token");
            Ok(match staff_setup::setup(load.ctx, &token).await? {
                Some(setup) => PageData::new(SetupView {
                    token,
                    email: setup.email,
                    secret: setup.secret,
                    uri: setup.uri,
                }),
                None => PageData::nothing(),
            }
            .into())
        })
    }

    fn setup_done<'a>(load: &'a Load<'a>) -> Loading<'a> {
        Box::pin(async move {
            let codes = crate::platform::shown_once::take::<Vec<String>>(
                load.browser,
                &load.ctx.keys,
                crate::admin::sign_in::api::RECOVERY_CODES_KEY,
            )
            .await?
            .unwrap_or_default();
            Ok(PageData::new(RecoveryCodes(codes)).into())
        })
    }

    fn home<'a>(load: &'a Load<'a>, _staff: &'a StaffMember) -> Loading<'a> {
        Box::pin(async move {
            let page = load.query("page").parse().unwrap_or(1);
            let results = search::search(load.ctx, &load.query("q"), page).await?;
            Ok(PageData::new(AdminHome { results }).into())
        })
    }

    /// A record opens only with a reason: until then, the page asks for one.
    fn person_page<'a>(load: &'a Load<'a>, staff: &'a StaffMember) -> Loading<'a> {
        Box::pin(async move {
            let Some(id) = id(load) else {
                return Ok(PageData::nothing().into());
            };
            if !person::may_view(load.ctx, staff.member.id, id).await? {
                return Ok(PageData::new(ClosedRecord(id.to_string())).into());
            }
            Ok(match person::load(load.ctx, id).await? {
                Some(mut record) => {
                    record.may_act = staff.role != StaffRole::Auditor;
                    PageData::new(record)
                }
                None => PageData::nothing(),
            }
            .into())
        })
    }

    fn act<'a>(load: &'a Load<'a>, staff: &'a StaffMember) -> Loading<'a> {
        Box::pin(async move {
            let (Some(id), Some(action)) = (id(load), Action::parse(&load.query("do"))) else {
                return Ok(PageData::nothing().into());
            };
            if !person::may_view(load.ctx, staff.member.id, id).await? {
                return Ok(PageData::new(ClosedRecord(id.to_string())).into());
            }
            Ok(PageData::found(person::load_action(load.ctx, id, action).await?).into())
        })
    }

    fn requests<'a>(load: &'a Load<'a>, staff: &'a StaffMember) -> Loading<'a> {
        Box::pin(async move {
            Ok(PageData::new(QueueView {
                requests: queue::open(load.ctx, staff.member.id).await?,
                may_work: staff.role != StaffRole::Auditor,
            })
            .into())
        })
    }

    fn request<'a>(load: &'a Load<'a>, staff: &'a StaffMember) -> Loading<'a> {
        Box::pin(async move {
            let Some(id) = id(load) else {
                return Ok(PageData::nothing().into());
            };
            Ok(match queue::work(load.ctx, staff.member.id, id).await? {
                queue::Work::Open(work) => PageData::new(work),
                queue::Work::RecordClosed { person_id } => {
                    PageData::new(ClosedRecord(person_id.to_string()))
                }
                queue::Work::Gone => PageData::nothing(),
            }
            .into())
        })
    }

    fn dashboard_page<'a>(load: &'a Load<'a>, staff: &'a StaffMember) -> Loading<'a> {
        Box::pin(async move {
            Ok(PageData::new(dashboard::load(load.ctx, staff.member.id).await?).into())
        })
    }

    fn manage_page<'a>(load: &'a Load<'a>, staff: &'a StaffMember) -> Loading<'a> {
        Box::pin(async move {
            let mut view = manage::view(load.ctx, staff.member.id).await?;
            view.shown_once = crate::platform::shown_once::take(
                load.browser,
                &load.ctx.keys,
                crate::admin::manage::api::SHOWN_ONCE_KEY,
            )
            .await?;
            Ok(PageData::new(view).into())
        })
    }

    fn topic<'a>(load: &'a Load<'a>, _: &'a StaffMember) -> Loading<'a> {
        Box::pin(async move {
            Ok(PageData::found(manage::topic(load.ctx, &load.query("key")).await?).into())
        })
    }

    fn outbox_page<'a>(load: &'a Load<'a>, staff: &'a StaffMember) -> Loading<'a> {
        Box::pin(async move {
            Ok(PageData::new(OutboxView {
                mails: outbox::problems(load.ctx, staff.member.id).await?,
                may_retry: staff.role != StaffRole::Auditor,
            })
            .into())
        })
    }

    fn audit_page<'a>(load: &'a Load<'a>, _: &'a StaffMember) -> Loading<'a> {
        Box::pin(async move {
            let filter = AuditFilter {
                action: load.query("action"),
                actor: load.query("actor"),
                person: load.query("person"),
            };
            let page = load.query("page").parse().unwrap_or(1);
            Ok(PageData::new(audit::page(load.ctx, filter, page).await?).into())
        })
    }
}
