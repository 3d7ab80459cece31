//! The rights pages: their paths, and on the server their loaders.

pub const RIGHTS: &str = "/account/rights";
/// Where an erased person lands (signed out, nothing left to show).
pub const ERASED: &str = "/erased";

#[cfg(feature = "ssr")]
pub use ssr::routes;

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::auth::routes::or_sign_in;
    use crate::auth::ssr::session;
    use crate::page::load::{Access, Load, Loading, Route};
    use crate::store::people;

    pub fn routes() -> Vec<Route> {
        vec![
            Route { path: RIGHTS, access: Access::Person(rights_page) },
            Route::plain(ERASED),
        ]
    }

    fn rights_page<'a>(load: &'a Load<'a>, person: &'a people::Model) -> Loading<'a> {
        Box::pin(async move {
            let since = session::signed_in_at(load.browser).await?;
            Ok(or_sign_in(crate::rights::ssr::view::load(load.ctx, person.id, since).await?))
        })
    }
}
