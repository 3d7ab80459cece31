//! The page an unsubscribe link opens. Opening it changes nothing (mail scanners and previews
//! follow links); its button posts to the same address, which is the RFC 8058 endpoint.

use crate::paths;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::t;

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let text = t();
    let Some(view) = crate::page::page::<crate::newsletter::pages::UnsubscribeView>() else {
        return view! {
            <Title text=text.unsubscribe_title/>
            <h1>{text.unsubscribe_title}</h1>
            <div class="form-problem" role="alert"><p>{text.unsubscribe_link_invalid}</p></div>
            <p><a href=paths::PROFILE>{text.fresh_link_title}</a></p>
        }
        .into_any();
    };
    let action = format!("/u?t={}", view.token);
    view! {
        <Title text=text.unsubscribe_title/>
        <h1>{text.unsubscribe_title}</h1>
        <p class="lead">{text.unsubscribe_lead.replace("{topic}", &view.topic_title)}</p>
        <form method="post" action=action class="stack">
            <input type="hidden" name="List-Unsubscribe" value="One-Click"/>
            <button type="submit" class="button">{text.unsubscribe_button}</button>
        </form>
        <p><a href=paths::PROFILE>{text.unsubscribe_manage}</a></p>
    }
    .into_any()
}
