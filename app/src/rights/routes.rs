//! The rights pages: their loaders and access rules, on the server (paths: `crate::paths`).

#[cfg(feature = "ssr")]
use crate::paths;

#[cfg(feature = "ssr")]
pub use ssr::routes;

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::rights::pages::ErasedPage;
    use crate::rights::pages::RightsPage;
    use leptos::prelude::IntoAny;
    use crate::auth::ssr::session;
    use crate::page::{
        PageData,
        load::{Access, Load, Loading, Route},
    };
    use crate::store::people;

    pub fn routes() -> Vec<Route> {
        vec![
            Route { path: paths::RIGHTS, access: Access::Person(rights_page), view: || RightsPage().into_any() },
            Route::plain(paths::ERASED, || ErasedPage().into_any()),
        ]
    }

    fn rights_page<'a>(load: &'a Load<'a>, person: &'a people::Model) -> Loading<'a> {
        Box::pin(async move {
            let since = session::signed_in_at(load.browser).await?;
            Ok(PageData::new(crate::rights::ssr::view::load(load.ctx, person, since).await?).into())
        })
    }
}
