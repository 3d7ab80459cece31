//! The person's own pages: their loaders and access rules, on the server (paths: `crate::paths`).

#[cfg(feature = "ssr")]
use crate::paths;

#[cfg(feature = "ssr")]
pub use ssr::routes;

#[cfg(feature = "ssr")]
mod ssr {
    use leptos::prelude::IntoAny;

    use crate::account::pages::{
        DetailsPage, EmailCancelPage, EmailChangePage, EmailConfirmPage, MyDataPage, SecurityPage,
    };
    use sea_orm::EntityTrait;
    use super::*;
    use crate::account::ssr::{details, my_data, security};
    use crate::account::views::EmailChange;
    use crate::auth::routes::link_page;
    use crate::auth::ssr::{reauth::FRESH_SIGN_IN, session};
    use crate::page::{
        PageData,
        load::{Access, Load, Loading, Route},
    };
    use crate::platform::tokens::Purpose;
    use crate::store::{credentials, people};

    pub fn routes() -> Vec<Route> {
        vec![
            Route { path: paths::MY_DATA, access: Access::Person(my_data_page), view: || MyDataPage().into_any() },
            Route { path: paths::DETAILS, access: Access::Person(details_page), view: || DetailsPage().into_any() },
            Route { path: paths::SECURITY, access: Access::Person(security_page), view: || SecurityPage().into_any() },
            Route { path: paths::EMAIL, access: Access::Person(email_page), view: || EmailChangePage().into_any() },
            Route {
                path: paths::EMAIL_CONFIRM,
                access: Access::Anyone(|l| link_page(l, Purpose::EmailChange)), view: || EmailConfirmPage().into_any() },
            Route {
                path: paths::EMAIL_CANCEL,
                access: Access::Anyone(|l| link_page(l, Purpose::EmailChangeCancel)), view: || EmailCancelPage().into_any() },
        ]
    }

    fn my_data_page<'a>(load: &'a Load<'a>, person: &'a people::Model) -> Loading<'a> {
        Box::pin(async move { Ok(PageData::new(my_data::load(load.ctx, person).await?).into()) })
    }

    fn details_page<'a>(_: &'a Load<'a>, person: &'a people::Model) -> Loading<'a> {
        Box::pin(async move { Ok(PageData::new(details::form_of(person)).into()) })
    }

    fn security_page<'a>(load: &'a Load<'a>, person: &'a people::Model) -> Loading<'a> {
        Box::pin(async move {
            let current = session::current_key(load.browser);
            let view = security::load(load.ctx, person.id, current.as_deref()).await?;
            Ok(PageData::new(view).into())
        })
    }

    fn email_page<'a>(load: &'a Load<'a>, person: &'a people::Model) -> Loading<'a> {
        Box::pin(async move {
            let has_password =
                credentials::Entity::find_by_id(person.id).one(&load.ctx.db).await?.is_some();
            let since = session::signed_in_at(load.browser).await?;
            let now = load.ctx.clock.now();
            Ok(PageData::new(EmailChange {
                current: person.email.clone(),
                has_password,
                recently_signed_in: since.is_some_and(|at| now - at <= FRESH_SIGN_IN),
            })
            .into())
        })
    }
}
