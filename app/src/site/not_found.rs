use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{current_locale, tr};

/// The router's fallback. Sets the 404 status on the server response.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let locale = current_locale();
    view! {
        <Title text={tr!(locale, common.not_found_title)}/>
        <h1>{tr!(locale, common.not_found_title)}</h1>
        <p>{tr!(locale, common.not_found_body)}</p>
        <p><a href=paths::HOME>{tr!(locale, common.not_found_home_link)}</a></p>
    }
}
