use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::t;

#[component]
pub fn HomePage() -> impl IntoView {
    let text = t();
    view! {
        <Title text=""/>
        <section class="hero">
            <h1>{text.home_title}</h1>
            <p class="lead">{text.home_lead}</p>
        </section>
        <ul class="promises">
            {text
                .home_promises
                .iter()
                .map(|(title, body)| view! { <li><h2>{*title}</h2><p>{*body}</p></li> })
                .collect_view()}
        </ul>
    }
}
