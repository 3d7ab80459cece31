use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::consents::api::Subscribe;
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::t;
use crate::page::form_state;

/// The newsletter sign-up for people without an account (double opt-in).
#[component]
pub fn SubscribePage() -> impl IntoView {
    let text = t();
    let state = form_state("subscribe");
    view! {
        <Title text=text.subscribe_title/>
        <h1>{text.subscribe_title}</h1>
        <p class="lead">{text.subscribe_lead}</p>
        <form method="post" action=Subscribe::PATH class="stack">
            <CsrfField/>
            <FormProblem problem=state.problem.clone()/>
            <Field name="email" label=text.field_email kind="email" autocomplete="email" maxlength=254
                value=state.value("email") error=state.error("email")/>
            <button type="submit" class="button">{text.subscribe_submit}</button>
        </form>
        <p class="why">{text.subscribe_fine_print}</p>
    }
}
