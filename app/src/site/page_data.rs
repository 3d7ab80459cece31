//! Everything a page shows is loaded *before* Leptos renders it, and components read it
//! synchronously.
//!
//! Why not Leptos resources with `<Suspense>`: on a two-core machine, server rendering with
//! resources intermittently never resumed a resource's future, and the request hung until the
//! 30-second timeout (leptos-rs/leptos#4647, open). Loading first keeps rendering a pure,
//! synchronous function of data: no spawned futures, no hang, and one place per page that says
//! what it reads. The server's page middleware calls [`load`] for every page request and puts
//! the result in the request's extensions.

use serde::{Deserialize, Serialize};

use crate::account::views::{DetailsForm, EmailChange, MyData, Security};
use crate::forms::FormState;

/// The signed-in person, for pages that greet them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub name: String,
    pub email: String,
}

/// What one page request needs: the frame (who is signed in, the notice the last action
/// left), the state a refused form left, and the page's own data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestData {
    pub viewer: Option<Viewer>,
    pub notice: Option<String>,
    pub form: Option<FormState>,
    pub page: PageData,
    /// A material policy change the signed-in person has not acknowledged yet.
    pub policy_notice: Option<crate::policy::PolicyNotice>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PageData {
    #[default]
    Nothing,
    /// A page opened from an e-mailed link: while the link can still be used, the address of
    /// the account it acts for (shown before the button, so nobody signs in to an account
    /// that is not theirs through a link somebody handed them).
    Link {
        token: String,
        opens_for: Option<String>,
    },
    MyData(Box<MyData>),
    Details(Box<DetailsForm>),
    Security(Box<Security>),
    EmailChange(Box<EmailChange>),
    Consents(Box<crate::consents::model::ConsentsView>),
    Profile(Box<crate::newsletter::pages::ProfileView>),
    Unsubscribe(Box<crate::newsletter::pages::UnsubscribeView>),
    Rights(Box<crate::rights::RightsView>),
    Policy(Box<crate::policy::PolicyView>),
    StaffSetup(Box<crate::admin::SetupView>),
    /// Shown once, right after a staff member's set-up.
    RecoveryCodes(Vec<String>),
    AdminHome(Box<crate::admin::AdminHome>),
    /// A person's record, before it is opened with a reason: the person's id only.
    AdminOpen(String),
    AdminPerson(Box<crate::admin::AdminPerson>),
    AdminQueue(Box<crate::admin::QueueView>),
    AdminManage(Box<crate::admin::ManageView>),
    AdminTopic(Box<crate::admin::TopicLine>),
    AdminPolicyNew,
    AdminDashboard(Box<crate::admin::Dashboard>),
    AdminRequest(Box<crate::admin::RequestWork>),
    /// One action on a person's behalf.
    AdminAct(Box<crate::admin::AdminAct>),
    AdminOutbox(Box<crate::admin::OutboxView>),
    AdminAudit(Box<crate::admin::AuditPage>),
    /// A staff page the member's role does not open.
    AdminNotAllowed,
}

/// This request's data (empty outside a server render).
pub fn request_data() -> RequestData {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<RequestData>().cloned())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        RequestData::default()
    }
}

/// The state the last post of `form` left, or a fresh one.
pub fn form_state(form: &str) -> FormState {
    request_data()
        .form
        .filter(|state| state.form == form)
        .unwrap_or_else(|| FormState::new(form))
}

#[cfg(feature = "ssr")]
pub use ssr::{Loaded, load};

#[cfg(feature = "ssr")]
mod ssr {
    use tower_sessions::Session;

    use super::{PageData, RequestData, Viewer};
    use crate::account::ssr::{details, email_change::FRESH_SIGN_IN, my_data, security};
    use crate::account::views::EmailChange;
    use crate::auth::ssr::{accounts, session, tokens::Purpose};
    use crate::store::credentials;
    use crate::forms::ssr::{take_form, take_notice};
    use crate::platform::context::AppContext;
    use crate::domain::StaffRole;
    use sea_orm::EntityTrait;

    pub enum Loaded {
        Render(Box<RequestData>),
        Redirect(&'static str),
    }

    #[derive(Debug, thiserror::Error)]
    pub enum LoadError {
        #[error(transparent)]
        Session(#[from] tower_sessions::session::Error),
        #[error(transparent)]
        Auth(#[from] session::SessionError),
        #[error(transparent)]
        Database(#[from] sea_orm::DbErr),
    }

    /// Loads what the page at `path` shows. Pages that need a signed-in person redirect to the
    /// sign-in page instead.
    pub async fn load(
        ctx: &AppContext,
        browser: &Session,
        path: &str,
        query: Option<&str>,
    ) -> Result<Loaded, LoadError> {
        // The signed-in person's row, read once: it names the viewer and says whether a policy
        // notice is due.
        let record = match session::signed_in_person(browser).await? {
            Some(id) => {
                crate::store::people::Entity::find_by_id(id)
                    .one(&ctx.db)
                    .await?
            }
            None => None,
        };
        let viewer = record.as_ref().map(|p| Viewer {
            name: p.full_name.clone().unwrap_or_default(),
            email: p.email.clone(),
        });
        let person = record.as_ref().map(|p| p.id);
        let page = match (path, person) {
            ("/sign-in/link", _) => link(ctx, query, Purpose::SignIn).await?,
            ("/verify-email", _) => link(ctx, query, Purpose::VerifyEmail).await?,
            ("/reset-password", _) => link(ctx, query, Purpose::PasswordReset).await?,
            ("/identity/confirm", _) => link(ctx, query, Purpose::IdentityCheck).await?,
            ("/account/email/confirm", _) => link(ctx, query, Purpose::EmailChange).await?,
            ("/account/email/cancel", _) => link(ctx, query, Purpose::EmailChangeCancel).await?,
            ("/consents/confirm", _) => link(ctx, query, Purpose::ConsentConfirm).await?,
            ("/consents/undo", _) => link(ctx, query, Purpose::ConsentUndo).await?,
            ("/p", _) => {
                newsletter_profile(ctx, query_value(query, "t"), &query_value(query, "change"))
                    .await?
            }
            ("/u", _) => newsletter_unsubscribe(ctx, query_value(query, "t")).await?,
            (
                "/account" | "/account/details" | "/account/security" | "/account/email"
                | "/account/consents" | "/account/rights",
                None,
            ) => {
                return Ok(Loaded::Redirect("/sign-in"));
            }
            ("/account", Some(person)) => match my_data::load(ctx, person).await? {
                Some(data) => PageData::MyData(Box::new(data)),
                None => return Ok(Loaded::Redirect("/sign-in")),
            },
            ("/account/consents", Some(person)) => {
                match crate::consents::ssr::view::load(ctx, person).await? {
                    Some(view) => PageData::Consents(Box::new(view)),
                    None => return Ok(Loaded::Redirect("/sign-in")),
                }
            }
            ("/account/details", Some(person)) => match details::person(&ctx.db, person).await? {
                Some(record) => PageData::Details(Box::new(details::form_of(&record))),
                None => return Ok(Loaded::Redirect("/sign-in")),
            },
            ("/account/security", Some(person)) => {
                let current = session::current_key(browser);
                PageData::Security(Box::new(
                    security::load(ctx, person, current.as_deref()).await?,
                ))
            }
            ("/account/email", Some(person)) => {
                let has_password = credentials::Entity::find_by_id(person)
                    .one(&ctx.db)
                    .await?
                    .is_some();
                let since = session::signed_in_at(browser).await?;
                let now = ctx.clock.now();
                PageData::EmailChange(Box::new(EmailChange {
                    current: viewer.as_ref().map(|v| v.email.clone()).unwrap_or_default(),
                    has_password,
                    recently_signed_in: since.is_some_and(|at| now - at <= FRESH_SIGN_IN),
                }))
            }
            ("/account/rights", Some(person)) => {
                let since = session::signed_in_at(browser).await?;
                match crate::rights::ssr::view::load(ctx, person, since).await? {
                    Some(view) => PageData::Rights(Box::new(view)),
                    None => return Ok(Loaded::Redirect("/sign-in")),
                }
            }
            ("/admin/setup", _) => {
                let token = query_value(query, "token");
                match crate::admin::ssr::auth::setup(ctx, &token).await? {
                    Some(setup) => PageData::StaffSetup(Box::new(crate::admin::SetupView {
                        token,
                        email: setup.email,
                        secret: setup.secret,
                        uri: setup.uri,
                    })),
                    None => PageData::Nothing,
                }
            }
            ("/admin/setup/done", _) => PageData::RecoveryCodes(
                crate::platform::shown_once::take::<Vec<String>>(
                    browser,
                    &ctx.keys,
                    crate::admin::api::RECOVERY_CODES_KEY,
                )
                .await?
                .unwrap_or_default(),
            ),
            ("/admin/audit", _) => {
                let Some((_, role)) =
                    crate::admin::ssr::auth::signed_in_staff(ctx, browser).await?
                else {
                    return Ok(Loaded::Redirect("/admin/sign-in"));
                };
                if matches!(role, StaffRole::Admin | StaffRole::Auditor) {
                    let filter = crate::admin::AuditFilter {
                        action: query_value(query, "action"),
                        actor: query_value(query, "actor"),
                        person: query_value(query, "person"),
                    };
                    let page = query_value(query, "page").parse().unwrap_or(1);
                    PageData::AdminAudit(Box::new(
                        crate::admin::ssr::audit::page(ctx, filter, page).await?,
                    ))
                } else {
                    PageData::AdminNotAllowed
                }
            }
            ("/admin/outbox", _) => {
                let Some((member, role)) =
                    crate::admin::ssr::auth::signed_in_staff(ctx, browser).await?
                else {
                    return Ok(Loaded::Redirect("/admin/sign-in"));
                };
                PageData::AdminOutbox(Box::new(crate::admin::OutboxView {
                    mails: crate::admin::ssr::outbox::problems(ctx, member.id).await?,
                    may_retry: role != StaffRole::Auditor,
                }))
            }
            ("/admin/person/act", _) => {
                let Some((member, role)) =
                    crate::admin::ssr::auth::signed_in_staff(ctx, browser).await?
                else {
                    return Ok(Loaded::Redirect("/admin/sign-in"));
                };
                let id = uuid::Uuid::parse_str(&query_value(query, "id"));
                let action = crate::admin::Action::parse(&query_value(query, "do"));
                match (id, action) {
                    _ if role == StaffRole::Auditor => PageData::AdminNotAllowed,
                    (Ok(id), Some(action))
                        if crate::admin::ssr::person::may_view(ctx, member.id, id).await? =>
                    {
                        match crate::admin::ssr::person::load_action(ctx, id, action).await? {
                            Some(act) => PageData::AdminAct(Box::new(act)),
                            None => PageData::Nothing,
                        }
                    }
                    (Ok(id), Some(_)) => PageData::AdminOpen(id.to_string()),
                    _ => PageData::Nothing,
                }
            }
            ("/admin/person", _) => {
                let Some((member, role)) =
                    crate::admin::ssr::auth::signed_in_staff(ctx, browser).await?
                else {
                    return Ok(Loaded::Redirect("/admin/sign-in"));
                };
                match uuid::Uuid::parse_str(&query_value(query, "id")) {
                    Ok(id) if crate::admin::ssr::person::may_view(ctx, member.id, id).await? => {
                        match crate::admin::ssr::person::load(ctx, id).await? {
                            Some(mut person) => {
                                person.may_act = role != StaffRole::Auditor;
                                PageData::AdminPerson(Box::new(person))
                            }
                            None => PageData::Nothing,
                        }
                    }
                    Ok(id) => PageData::AdminOpen(id.to_string()),
                    Err(_) => PageData::Nothing,
                }
            }
            ("/admin/manage", _) => {
                let Some((member, role)) =
                    crate::admin::ssr::auth::signed_in_staff(ctx, browser).await?
                else {
                    return Ok(Loaded::Redirect("/admin/sign-in"));
                };
                if role == StaffRole::Admin {
                    let mut view = crate::admin::ssr::manage::view(ctx, member.id).await?;
                    view.shown_once = crate::platform::shown_once::take(
                        browser,
                        &ctx.keys,
                        crate::admin::manage_api::SHOWN_ONCE_KEY,
                    )
                    .await?;
                    PageData::AdminManage(Box::new(view))
                } else {
                    PageData::AdminNotAllowed
                }
            }
            ("/admin/topic", _) => {
                let Some((_, role)) =
                    crate::admin::ssr::auth::signed_in_staff(ctx, browser).await?
                else {
                    return Ok(Loaded::Redirect("/admin/sign-in"));
                };
                let key = query_value(query, "key");
                match role {
                    StaffRole::Admin => crate::admin::ssr::manage::topic(ctx, &key)
                        .await?
                        .map_or(PageData::Nothing, |t| PageData::AdminTopic(Box::new(t))),
                    _ => PageData::AdminNotAllowed,
                }
            }
            ("/admin/policy/new", _) => {
                let Some((_, role)) =
                    crate::admin::ssr::auth::signed_in_staff(ctx, browser).await?
                else {
                    return Ok(Loaded::Redirect("/admin/sign-in"));
                };
                if role == StaffRole::Admin {
                    PageData::AdminPolicyNew
                } else {
                    PageData::AdminNotAllowed
                }
            }
            ("/admin/dashboard", _) => {
                let Some((member, _)) =
                    crate::admin::ssr::auth::signed_in_staff(ctx, browser).await?
                else {
                    return Ok(Loaded::Redirect("/admin/sign-in"));
                };
                PageData::AdminDashboard(Box::new(
                    crate::admin::ssr::dashboard::load(ctx, member.id).await?,
                ))
            }
            ("/admin/requests", _) => {
                let Some((member, role)) =
                    crate::admin::ssr::auth::signed_in_staff(ctx, browser).await?
                else {
                    return Ok(Loaded::Redirect("/admin/sign-in"));
                };
                PageData::AdminQueue(Box::new(crate::admin::QueueView {
                    requests: crate::admin::ssr::queue::open(ctx, member.id).await?,
                    may_work: role != StaffRole::Auditor,
                }))
            }
            ("/admin/request", _) => {
                let Some((member, role)) =
                    crate::admin::ssr::auth::signed_in_staff(ctx, browser).await?
                else {
                    return Ok(Loaded::Redirect("/admin/sign-in"));
                };
                use crate::admin::ssr::queue::{Work, work};
                match uuid::Uuid::parse_str(&query_value(query, "id")) {
                    _ if role == StaffRole::Auditor => PageData::AdminNotAllowed,
                    Ok(id) => match work(ctx, member.id, id).await? {
                        Work::Open(work) => PageData::AdminRequest(Box::new(work)),
                        Work::RecordClosed { person_id } => {
                            PageData::AdminOpen(person_id.to_string())
                        }
                        Work::Gone => PageData::Nothing,
                    },
                    Err(_) => PageData::Nothing,
                }
            }
            ("/admin", _) => {
                let Some((member, role)) =
                    crate::admin::ssr::auth::signed_in_staff(ctx, browser).await?
                else {
                    return Ok(Loaded::Redirect("/admin/sign-in"));
                };
                let page = query_value(query, "page").parse().unwrap_or(1);
                let results =
                    crate::admin::ssr::search::search(ctx, &query_value(query, "q"), page).await?;
                PageData::AdminHome(Box::new(crate::admin::AdminHome {
                    staff_name: member.full_name,
                    role: role.as_str().to_owned(),
                    results,
                }))
            }
            ("/privacy", _) => {
                let requested = query_value(query, "v").parse().ok();
                match crate::policy::ssr::versions::view(ctx, requested).await? {
                    Some(view) => PageData::Policy(Box::new(view)),
                    None => PageData::Nothing,
                }
            }
            _ => PageData::Nothing,
        };
        let policy_notice = match &record {
            Some(record) => crate::policy::ssr::versions::notice_for(&ctx.db, record).await?,
            None => None,
        };
        Ok(Loaded::Render(Box::new(RequestData {
            viewer,
            notice: take_notice(browser).await?,
            form: take_form(browser).await?,
            page,
            policy_notice,
        })))
    }

    fn query_value(query: Option<&str>, name: &str) -> String {
        query
            .and_then(|q| url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == name))
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    }

    /// `change` is the change the last save made, offered for undo while it still can be.
    async fn newsletter_profile(
        ctx: &AppContext,
        token: String,
        change: &str,
    ) -> Result<PageData, sea_orm::DbErr> {
        use crate::consents::ssr::links::can_revert;
        use crate::newsletter::ssr::profile::manage_link_person;
        let Some(person) = manage_link_person(ctx, &token).await? else {
            return Ok(PageData::Nothing);
        };
        let undo_change = match uuid::Uuid::parse_str(change) {
            Ok(id) if can_revert(&ctx.db, person.id, id).await? => Some(id.to_string()),
            _ => None,
        };
        let topics = crate::consents::ssr::view::load(ctx, person.id)
            .await?
            .map(|v| v.topics)
            .unwrap_or_default();
        let masked = crate::domain::EmailAddress::parse(&person.email)
            .map(|e| e.masked())
            .unwrap_or_default();
        Ok(PageData::Profile(Box::new(
            crate::newsletter::pages::ProfileView {
                token,
                masked_email: masked,
                topics,
                undo_change,
            },
        )))
    }

    async fn newsletter_unsubscribe(
        ctx: &AppContext,
        token: String,
    ) -> Result<PageData, sea_orm::DbErr> {
        use crate::consents::ssr::ledger::current_topics;
        use crate::newsletter::ssr::{links::Scope, profile::resolve};
        let Some((link, _)) = resolve(ctx, &token).await? else {
            return Ok(PageData::Nothing);
        };
        let Scope::Unsubscribe { topic } = link.scope else {
            return Ok(PageData::Nothing);
        };
        let Some(title) = current_topics(&ctx.db)
            .await?
            .into_iter()
            .find(|t| t.key == topic)
            .map(|t| t.title)
        else {
            return Ok(PageData::Nothing);
        };
        Ok(PageData::Unsubscribe(Box::new(
            crate::newsletter::pages::UnsubscribeView {
                token,
                topic_title: title,
            },
        )))
    }

    async fn link(
        ctx: &AppContext,
        query: Option<&str>,
        purpose: Purpose,
    ) -> Result<PageData, sea_orm::DbErr> {
        let token = query
            .and_then(|q| url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "token"))
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        let opens_for = accounts::link_opens_for(ctx, &token, purpose).await?;
        Ok(PageData::Link { token, opens_for })
    }
}
