//! The policy pages: their loaders and access rules, on the server (paths: `crate::paths`).

#[cfg(feature = "ssr")]
use crate::paths;

#[cfg(feature = "ssr")]
pub use ssr::routes;

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::policy::pages::CookiesPage;
    use crate::policy::pages::PrivacyPage;
    use leptos::prelude::IntoAny;
    use crate::page::{
        PageData,
        load::{Access, Load, Loading, Route},
    };

    pub fn routes() -> Vec<Route> {
        vec![
            Route { path: paths::PRIVACY, access: Access::Anyone(privacy_page), view: || PrivacyPage().into_any() },
            Route::plain(paths::COOKIES, || CookiesPage().into_any()),
        ]
    }

    fn privacy_page<'a>(load: &'a Load<'a>) -> Loading<'a> {
        Box::pin(async move {
            let requested = load.query("v").parse().ok();
            Ok(PageData::found(crate::policy::ssr::versions::view(load.ctx, requested).await?).into())
        })
    }
}
