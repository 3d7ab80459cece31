use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::t;
use crate::site::page_data::request_data;

/// Reached only when signed in: the page loader sends everyone else to the sign-in page.
#[component]
pub fn AccountPage() -> impl IntoView {
    let text = t();
    let viewer = request_data().viewer;
    view! {
        <Title text=text.account_title/>
        <h1>{text.account_title}</h1>
        {viewer.map(|viewer| view! {
            <dl class="facts">
                <div><dt>{text.field_name}</dt><dd>{viewer.name}</dd></div>
                <div><dt>{text.field_email}</dt><dd>{viewer.email}</dd></div>
            </dl>
        })}
    }
}
