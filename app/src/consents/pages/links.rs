//! The pages consent e-mails' links open: a button, and only its POST acts.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::consents::api::ConsentLink;
use crate::forms::{CsrfField, FormProblem};
use crate::i18n::{current_locale, tr};
use crate::page::form_state;

#[component]
fn ConsentLinkPage(
    action: &'static str,
    title: &'static str,
    lead: &'static str,
    button: &'static str,
) -> impl IntoView {
    let state = form_state("consent_link");
    let live = crate::auth::routes::live_token();
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <FormProblem problem=state.problem.clone()/>
        {match live {
            Some(token) => view! {
                <p>{lead}</p>
                <form method="post" action=ConsentLink::PATH class="stack">
                    <CsrfField/>
                    <input type="hidden" name="action" value=action/>
                    <input type="hidden" name="token" value=token/>
                    <button type="submit" class="button">{button}</button>
                </form>
            }.into_any(),
            None => view! { <div class="form-problem" role="alert"><p>{tr!(current_locale(), common.link_invalid)}</p></div> }.into_any(),
        }}
    }
}

#[component]
pub fn ConsentConfirmPage() -> impl IntoView {
    let locale = current_locale();
    view! { <ConsentLinkPage action="confirm" title={tr!(locale, common.consent_confirm_title)} lead={tr!(locale, common.consent_confirm_lead)} button={tr!(locale, common.consent_confirm_button)}/> }
}

#[component]
pub fn ConsentUndoPage() -> impl IntoView {
    let locale = current_locale();
    view! { <ConsentLinkPage action="undo" title={tr!(locale, common.consent_undo_title)} lead={tr!(locale, common.consent_undo_lead)} button={tr!(locale, common.consent_undo_button)}/> }
}
