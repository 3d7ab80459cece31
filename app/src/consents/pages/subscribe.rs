use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::consents::api::Subscribe;
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::{current_locale, tr};
use crate::page::form_state;

/// The newsletter sign-up for people without an account (double opt-in).
#[component]
pub fn SubscribePage() -> impl IntoView {
    let locale = current_locale();
    let state = form_state("subscribe");
    view! {
        <Title text={tr!(locale, common.subscribe_title)}/>
        <h1>{tr!(locale, common.subscribe_title)}</h1>
        <p class="lead">{tr!(locale, common.subscribe_lead)}</p>
        <form method="post" action=Subscribe::PATH class="stack">
            <CsrfField/>
            <FormProblem problem=state.problem.clone()/>
            <Field name="email" label={tr!(locale, common.field_email)} kind="email" autocomplete="email" maxlength=254
                value=state.value("email") error=state.error("email")/>
            <button type="submit" class="button">{tr!(locale, common.subscribe_submit)}</button>
        </form>
        <p class="why">{tr!(locale, common.subscribe_fine_print)}</p>
    }
}
