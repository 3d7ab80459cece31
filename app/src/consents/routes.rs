//! The consents pages: their paths, and on the server their loaders.

pub const CONSENTS: &str = "/account/consents";
pub const SUBSCRIBE: &str = "/subscribe";
pub const CONFIRM: &str = "/consents/confirm";
pub const UNDO: &str = "/consents/undo";

#[cfg(feature = "ssr")]
pub use ssr::routes;

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::auth::routes::{link_page, or_sign_in};
    use crate::page::load::{Access, Load, Loading, Route};
    use crate::platform::tokens::Purpose;
    use crate::store::people;

    pub fn routes() -> Vec<Route> {
        vec![
            Route { path: CONSENTS, access: Access::Person(consents_page) },
            Route::plain(SUBSCRIBE),
            Route { path: CONFIRM, access: Access::Anyone(|l| link_page(l, Purpose::ConsentConfirm)) },
            Route { path: UNDO, access: Access::Anyone(|l| link_page(l, Purpose::ConsentUndo)) },
        ]
    }

    fn consents_page<'a>(load: &'a Load<'a>, person: &'a people::Model) -> Loading<'a> {
        Box::pin(async move {
            Ok(or_sign_in(crate::consents::ssr::view::load(load.ctx, person.id).await?))
        })
    }
}
