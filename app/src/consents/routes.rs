//! The consents pages: their loaders and access rules, on the server (paths: `crate::paths`).

#[cfg(feature = "ssr")]
use crate::paths;

#[cfg(feature = "ssr")]
pub use ssr::routes;

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::consents::pages::ConsentConfirmPage;
    use crate::consents::pages::ConsentUndoPage;
    use crate::consents::pages::ConsentsPage;
    use crate::consents::pages::SubscribePage;
    use leptos::prelude::IntoAny;
    use crate::auth::routes::link_page;
    use crate::page::{
        PageData,
        load::{Access, Load, Loading, Route},
    };
    use crate::platform::tokens::Purpose;
    use crate::store::people;

    pub fn routes() -> Vec<Route> {
        vec![
            Route { path: paths::CONSENTS, access: Access::Person(consents_page), view: || ConsentsPage().into_any() },
            Route::plain(paths::SUBSCRIBE, || SubscribePage().into_any()),
            Route { path: paths::CONSENT_CONFIRM, access: Access::Anyone(|l| link_page(l, Purpose::ConsentConfirm)), view: || ConsentConfirmPage().into_any() },
            Route { path: paths::CONSENT_UNDO, access: Access::Anyone(|l| link_page(l, Purpose::ConsentUndo)), view: || ConsentUndoPage().into_any() },
        ]
    }

    fn consents_page<'a>(load: &'a Load<'a>, person: &'a people::Model) -> Loading<'a> {
        Box::pin(async move {
            Ok(PageData::new(crate::consents::ssr::view::load(load.ctx, person).await?).into())
        })
    }
}
