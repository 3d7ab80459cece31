//! The policy pages: their paths, and on the server their loaders.

/// The privacy policy in force (`?v=` shows an earlier version).
pub const PRIVACY: &str = "/privacy";
pub const COOKIES: &str = "/cookies";

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
            Route { path: PRIVACY, access: Access::Anyone(privacy_page) },
            Route::plain(COOKIES),
        ]
    }

    fn privacy_page<'a>(load: &'a Load<'a>) -> Loading<'a> {
        Box::pin(async move {
            let requested = load.query("v").parse().ok();
            Ok(PageData::found(crate::policy::ssr::versions::view(load.ctx, requested).await?).into())
        })
    }
}
