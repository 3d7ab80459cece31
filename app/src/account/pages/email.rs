//! Changing the e-mail address, and the pages its two links open.

use crate::paths;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::account::security_api::{EmailChangeLink, RequestEmailChange};
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::{current_locale, tr};
use crate::page::form_state;

#[component]
pub fn EmailChangePage() -> impl IntoView {
    let locale = current_locale();
    let Some(change) = crate::page::page::<crate::account::views::EmailChange>() else {
        return ().into_any();
    };
    let state = form_state("email");
    let can_submit = change.has_password || change.recently_signed_in;
    view! {
        <Title text={tr!(locale, common.change_email_title)}/>
        <h1>{tr!(locale, common.change_email_title)}</h1>
        <p class="lead">{tr!(locale, common.change_email_lead, email = change.current)}</p>
        {if can_submit {
            view! {
                <form method="post" action=RequestEmailChange::PATH class="stack">
                    <CsrfField/>
                    <FormProblem problem=state.problem.clone()/>
                    <Field name="email" label={tr!(locale, common.field_new_email)} kind="email" autocomplete="email" maxlength=254
                        value=state.value("email") error=state.error("email")/>
                    {change.has_password.then(|| view! {
                        <Field name="password" label={tr!(locale, common.field_current_password)} kind="password"
                            autocomplete="current-password" maxlength=1024 hint={tr!(locale, common.confirm_with_password)}
                            error=state.error("password")/>
                    })}
                    <button type="submit" class="button">{tr!(locale, common.change_email_submit)}</button>
                </form>
            }.into_any()
        } else {
            view! {
                <div class="form-problem" role="alert"><p>{tr!(locale, common.sign_in_again)}</p></div>
                <p><a class="button" href=paths::SIGN_IN>{tr!(locale, common.nav_sign_in)}</a></p>
            }.into_any()
        }}
        <p><a href=paths::MY_DATA>{tr!(locale, common.back_to_my_data)}</a></p>
    }
    .into_any()
}

#[component]
fn EmailLinkPage(
    action: &'static str,
    title: &'static str,
    lead: &'static str,
    button: &'static str,
) -> impl IntoView {
    let locale = current_locale();
    let state = form_state("email_link");
    let live_token = crate::auth::routes::live_token();
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {match live_token {
            Some(token) => view! {
                <p>{lead}</p>
                <form method="post" action=EmailChangeLink::PATH class="stack">
                    <CsrfField/>
                    <input type="hidden" name="action" value=action/>
                    <input type="hidden" name="token" value=token/>
                    <FormProblem problem=state.problem.clone()/>
                    <button type="submit" class="button">{button}</button>
                </form>
            }.into_any(),
            None => view! { <div class="form-problem" role="alert"><p>{tr!(locale, common.link_invalid)}</p></div> }.into_any(),
        }}
    }
}

#[component]
pub fn EmailConfirmPage() -> impl IntoView {
    let locale = current_locale();
    view! { <EmailLinkPage action="confirm" title={tr!(locale, common.confirm_new_email_title)} lead={tr!(locale, common.confirm_new_email_lead)} button={tr!(locale, common.confirm_new_email_button)}/> }
}

#[component]
pub fn EmailCancelPage() -> impl IntoView {
    let locale = current_locale();
    view! { <EmailLinkPage action="cancel" title={tr!(locale, common.cancel_email_title)} lead={tr!(locale, common.cancel_email_lead)} button={tr!(locale, common.cancel_email_button)}/> }
}
