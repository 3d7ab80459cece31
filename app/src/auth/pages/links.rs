//! The pages e-mailed links open. Opening one (a GET, which mail scanners and link previews
//! also do) only shows a button; the POST behind the button spends the token.

use crate::paths;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use super::forms::NewPasswordField;
use crate::auth::api::{LinkPurpose, RedeemLink, ResetPassword};
use crate::forms::{CsrfField, FormProblem};
use crate::i18n::{current_locale, tr};
use crate::page::form_state;

use crate::auth::routes::{link, live_token};

/// The address of the account the link acts for, while it can be used.
fn opens_for() -> Option<String> {
    link().and_then(|link| link.opens_for)
}

#[component]
fn LinkGone(fresh_link: &'static str) -> impl IntoView {
    view! {
        <div class="form-problem" role="alert"><p>{tr!(current_locale(), common.link_invalid)}</p></div>
        <p><a class="button" href=fresh_link>{tr!(current_locale(), common.link_get_fresh)}</a></p>
    }
}

/// The button that spends a sign-in or confirmation token.
#[component]
fn RedeemButton(purpose: LinkPurpose, token: String, label: &'static str) -> impl IntoView {
    let purpose_value = match purpose {
        LinkPurpose::SignIn => "sign-in",
        LinkPurpose::Confirm => "confirm",
        LinkPurpose::Reset => "reset",
    };
    let state = form_state(purpose.form());
    view! {
        <form method="post" action=RedeemLink::PATH class="stack">
            <CsrfField/>
            <input type="hidden" name="purpose" value=purpose_value/>
            <input type="hidden" name="token" value=token/>
            <FormProblem problem=state.problem.clone()/>
            <button type="submit" class="button">{label}</button>
        </form>
    }
}

#[component]
pub fn SignInLinkPage() -> impl IntoView {
    let locale = current_locale();
    view! {
        <Title text={tr!(locale, common.sign_in_link_title)}/>
        <h1>{tr!(locale, common.sign_in_link_title)}</h1>
        {match live_token() {
            Some(token) => view! {
                <p>{tr!(locale, common.sign_in_link_for)}" "<strong>{opens_for()}</strong></p>
                <p>{tr!(locale, common.sign_in_link_lead)}" "{tr!(locale, common.sign_in_link_not_yours)}</p>
                <RedeemButton purpose=LinkPurpose::SignIn token label={tr!(locale, common.sign_in_link_button)}/>
            }.into_any(),
            None => view! { <LinkGone fresh_link=paths::SIGN_IN/> }.into_any(),
        }}
    }
}

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let locale = current_locale();
    view! {
        <Title text={tr!(locale, common.verify_email_title)}/>
        <h1>{tr!(locale, common.verify_email_title)}</h1>
        {match live_token() {
            Some(token) => view! {
                <p>{tr!(locale, common.verify_email_lead)}</p>
                <RedeemButton purpose=LinkPurpose::Confirm token label={tr!(locale, common.verify_email_button)}/>
            }.into_any(),
            None => view! { <LinkGone fresh_link=paths::RESEND_CONFIRMATION/> }.into_any(),
        }}
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let locale = current_locale();
    let state = form_state("reset_password");
    view! {
        <Title text={tr!(locale, common.reset_password_title)}/>
        <h1>{tr!(locale, common.reset_password_title)}</h1>
        {match live_token() {
            Some(token) => view! {
                <p>{tr!(locale, common.reset_password_lead)}</p>
                <form method="post" action=ResetPassword::PATH class="stack">
                    <CsrfField/>
                    <input type="hidden" name="token" value=token/>
                    <FormProblem problem=state.problem.clone()/>
                    <NewPasswordField error=state.error("password")/>
                    <button type="submit" class="button">{tr!(locale, common.reset_password_submit)}</button>
                </form>
            }.into_any(),
            None => view! { <LinkGone fresh_link=paths::FORGOT_PASSWORD/> }.into_any(),
        }}
    }
}
