//! The pages a newsletter's links open: their loaders and access rules, on the server
//! (paths: `crate::paths`).

#[cfg(feature = "ssr")]
use crate::paths;

#[cfg(feature = "ssr")]
pub use ssr::routes;

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::newsletter::pages::ProfilePage;
    use crate::newsletter::pages::UnsubscribePage;
    use leptos::prelude::IntoAny;
    use crate::consents::ssr::{ledger::current_topics, links::can_revert};
    use crate::newsletter::pages::{ProfileView, UnsubscribeView};
    use crate::newsletter::ssr::profile::{manage_link_person, resolve};
    use crate::page::{
        PageData,
        load::{Access, Load, Loading, Route},
    };
    use crate::platform::newsletter_links::Scope;

    pub fn routes() -> Vec<Route> {
        vec![
            Route { path: paths::PROFILE, access: Access::Anyone(profile_page), view: || ProfilePage().into_any() },
            Route { path: paths::UNSUBSCRIBE, access: Access::Anyone(unsubscribe_page), view: || UnsubscribePage().into_any() },
        ]
    }

    /// The recipient's topics; `?change=` is the change the last save made, offered for undo
    /// while it still can be.
    fn profile_page<'a>(load: &'a Load<'a>) -> Loading<'a> {
        Box::pin(async move {
            let ctx = load.ctx;
            let token = load.query("t");
            let Some(person) = manage_link_person(ctx, &token).await? else {
                return Ok(PageData::nothing().into());
            };
            let undo_change = match uuid::Uuid::parse_str(&load.query("change")) {
                Ok(id) if can_revert(&ctx.db, person.id, id).await? => Some(id.to_string()),
                _ => None,
            };
            let topics = crate::consents::ssr::view::load(ctx, &person).await?.topics;
            let masked_email = crate::domain::EmailAddress::parse(&person.email)
                .map(|e| e.masked())
                .unwrap_or_default();
            Ok(PageData::new(ProfileView { token, masked_email, topics, undo_change }).into())
        })
    }

    fn unsubscribe_page<'a>(load: &'a Load<'a>) -> Loading<'a> {
        Box::pin(async move {
            let token = load.query("t");
            let Some((link, _)) = resolve(load.ctx, &token).await? else {
                return Ok(PageData::nothing().into());
            };
            let Scope::Unsubscribe { topic } = link.scope else {
                return Ok(PageData::nothing().into());
            };
            let title = current_topics(&load.ctx.db)
                .await?
                .into_iter()
                .find(|t| t.key == topic)
                .map(|t| t.title);
            Ok(match title {
                Some(topic_title) => PageData::new(UnsubscribeView { token, topic_title }),
                None => PageData::nothing(),
            }
            .into())
        })
    }
}
