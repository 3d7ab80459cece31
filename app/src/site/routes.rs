//! The route list: every page of every feature, gathered from each feature's `routes.rs`, and
//! the one function the server's page middleware calls to load a page before it renders.
//! It is the router too: the server registers these paths (and nothing else renders a page),
//! and [`super::shell`] renders the view of the route the request's path names.

#[cfg(feature = "ssr")]
pub use ssr::{Prepared, all, load, view_of};

#[cfg(feature = "ssr")]
mod ssr {
    use std::collections::HashMap;
    use std::sync::LazyLock;

    use sea_orm::EntityTrait;
    use tower_sessions::Session;

    use leptos::prelude::{AnyView, IntoAny};

    use crate::paths;
    use crate::site::home::HomePage;
    use crate::auth::ssr::session;
    use crate::forms::ssr::{take_form, take_notice};
    use crate::page::{
        PageData, RequestData, StaffViewer, Viewer,
        load::{Access, Load, LoadError, Loaded, Route, StaffMember},
    };
    use crate::platform::context::AppContext;

    /// Every page, feature by feature.
    pub fn all() -> Vec<Route> {
        [
            vec![Route::plain(paths::HOME, || HomePage().into_any())],
            crate::auth::routes::routes(),
            crate::account::routes::routes(),
            crate::consents::routes::routes(),
            crate::newsletter::routes::routes(),
            crate::policy::routes::routes(),
            crate::rights::routes::routes(),
            crate::admin::routes::routes(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// The view of the page at `path`; "not found" (404) for a path no route names.
    pub fn view_of(path: &str) -> AnyView {
        match BY_PATH.get(path) {
            Some(route) => (route.view)(),
            None => crate::site::not_found::NotFound().into_any(),
        }
    }

    /// A page ready to render, or where the browser goes instead.
    pub enum Prepared {
        Render(Box<RequestData>),
        Redirect(&'static str),
    }

    static BY_PATH: LazyLock<HashMap<&'static str, Route>> =
        LazyLock::new(|| all().into_iter().map(|route| (route.path, route)).collect());

    /// Loads the frame and what the page at `path` shows, or where its access rule sends the
    /// browser instead. A path no route names renders the "not found" page with an empty frame
    /// of data.
    pub async fn load(
        ctx: &AppContext,
        browser: &Session,
        path: &str,
        query: Option<&str>,
    ) -> Result<Prepared, LoadError> {
        // The signed-in person's row, read once: it names the viewer, is the person a person
        // page's loader gets, and says whether a policy notice is due.
        let record = match session::signed_in_person(browser).await? {
            Some(id) => crate::store::people::Entity::find_by_id(id).one(&ctx.db).await?,
            None => None,
        };
        let load = Load { ctx, browser, query };
        let mut staff = None;
        let page = match BY_PATH.get(path).map(|route| &route.access) {
            None | Some(Access::Plain) => PageData::nothing(),
            Some(Access::Anyone(loader)) => match loader(&load).await? {
                Loaded::Page(data) => data,
                Loaded::Redirect(to) => return Ok(Prepared::Redirect(to)),
            },
            Some(Access::Person(loader)) => {
                let Some(person) = record.as_ref() else {
                    return Ok(Prepared::Redirect(paths::SIGN_IN));
                };
                match loader(&load, person).await? {
                    Loaded::Page(data) => data,
                    Loaded::Redirect(to) => return Ok(Prepared::Redirect(to)),
                }
            }
            Some(Access::Staff(roles, loader)) => {
                let Some((member, role)) =
                    crate::admin::sign_in::auth::signed_in_staff(ctx, browser).await?
                else {
                    return Ok(Prepared::Redirect(paths::ADMIN_SIGN_IN));
                };
                staff = Some(StaffViewer {
                    name: member.full_name.clone(),
                    role,
                });
                if !roles.contains(&role) {
                    PageData::new(crate::admin::routes::NotAllowed)
                } else {
                    match loader(&load, &StaffMember { member, role }).await? {
                        Loaded::Page(data) => data,
                        Loaded::Redirect(to) => return Ok(Prepared::Redirect(to)),
                    }
                }
            }
        };
        let policy_notice = match &record {
            Some(record) => crate::policy::ssr::versions::notice_for(&ctx.db, record).await?,
            None => None,
        };
        Ok(Prepared::Render(Box::new(RequestData {
            viewer: record.as_ref().map(|p| Viewer {
                name: p.full_name.clone().unwrap_or_default(),
                email: p.email.clone(),
            }),
            staff,
            notice: take_notice(browser).await?,
            form: take_form(browser).await?,
            page,
            policy_notice,
        })))
    }
}
