use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{current_locale, tr};

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = current_locale();
    view! {
        <Title text=""/>
        <section class="hero">
            <h1>{tr!(locale, common.home_title)}</h1>
            <p class="lead">{tr!(locale, common.home_lead)}</p>
        </section>
        <ul class="promises">
            {[
                (tr!(locale, common.home_promise_1_title), tr!(locale, common.home_promise_1_body)),
                (tr!(locale, common.home_promise_2_title), tr!(locale, common.home_promise_2_body)),
                (tr!(locale, common.home_promise_3_title), tr!(locale, common.home_promise_3_body)),
                (tr!(locale, common.home_promise_4_title), tr!(locale, common.home_promise_4_body)),
            ]
                .into_iter()
                .map(|(title, body)| view! { <li><h2>{title}</h2><p>{body}</p></li> })
                .collect_view()}
        </ul>
    }
}
