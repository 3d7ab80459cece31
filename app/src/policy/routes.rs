//! The policy pages: their loaders and access rules, on the server (paths: `crate::paths`).

#[cfg(feature = "ssr")]
use crate::paths;

#[cfg(feature = "ssr")]
pub use ssr::routes;

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::page::{
        PageData,
        load::{Access, Load, Loading, Route},
    };

    pub fn routes() -> Vec<Route> {
        vec![
            Route { path: paths::PRIVACY, access: Access::Anyone(privacy_page) },
            Route::plain(paths::COOKIES),
        ]
    }

    fn privacy_page<'a>(load: &'a Load<'a>) -> Loading<'a> {
        Box::pin(async move {
            let requested = load.query("v").parse().ok();
            Ok(PageData::found(crate::policy::ssr::versions::view(load.ctx, requested).await?).into())
        })
    }
}
