//! The page an unsubscribe link opens. Opening it changes nothing (mail scanners and previews
//! follow links); its button posts to the same address, which is the RFC 8058 endpoint.

use crate::paths;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{current_locale, tr};

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let locale = current_locale();
    let Some(view) = crate::page::page::<crate::newsletter::pages::UnsubscribeView>() else {
        return view! {
            <Title text={tr!(locale, common.unsubscribe_title)}/>
            <h1>{tr!(locale, common.unsubscribe_title)}</h1>
            <div class="form-problem" role="alert"><p>{tr!(locale, common.unsubscribe_link_invalid)}</p></div>
            <p><a href=paths::PROFILE>{tr!(locale, common.fresh_link_title)}</a></p>
        }
        .into_any();
    };
    let action = format!("/u?t={}", view.token);
    view! {
        <Title text={tr!(locale, common.unsubscribe_title)}/>
        <h1>{tr!(locale, common.unsubscribe_title)}</h1>
        <p class="lead">{tr!(locale, common.unsubscribe_lead, topic = view.topic_title)}</p>
        <form method="post" action=action class="stack">
            <input type="hidden" name="List-Unsubscribe" value="One-Click"/>
            <button type="submit" class="button">{tr!(locale, common.unsubscribe_button)}</button>
        </form>
        <p><a href=paths::PROFILE>{tr!(locale, common.unsubscribe_manage)}</a></p>
    }
    .into_any()
}
