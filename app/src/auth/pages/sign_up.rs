use crate::paths;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use super::forms::NewPasswordField;
use crate::auth::api::SignUp;
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::{current_locale, tr};
use crate::page::form_state;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let locale = current_locale();
    let state = form_state("sign_up");
    view! {
        <Title text={tr!(locale, common.sign_up_title)}/>
        <h1>{tr!(locale, common.sign_up_title)}</h1>
        <p class="lead">{tr!(locale, common.sign_up_lead)}</p>
        <form method="post" action=SignUp::PATH class="stack">
            <CsrfField/>
            <FormProblem problem=state.problem.clone()/>
            <Field
                name="name"
                label={tr!(locale, common.field_name)}
                autocomplete="name"
                maxlength=200
                value=state.value("name")
                error=state.error("name")
            />
            <Field
                name="email"
                label={tr!(locale, common.field_email)}
                kind="email"
                autocomplete="email"
                maxlength=254
                value=state.value("email")
                error=state.error("email")
            />
            <NewPasswordField error=state.error("password")/>
            <button type="submit" class="button">{tr!(locale, common.sign_up_submit)}</button>
        </form>
        <p>{tr!(locale, common.sign_up_have_account)}" "<a href=paths::SIGN_IN>{tr!(locale, common.nav_sign_in)}</a></p>
    }
}

/// Where a form that sent (or would have sent) an e-mail leads. The notice above says which.
#[component]
pub fn CheckEmailPage() -> impl IntoView {
    let locale = current_locale();
    view! {
        <Title text={tr!(locale, common.check_email_title)}/>
        <h1>{tr!(locale, common.check_email_title)}</h1>
        <p>{tr!(locale, common.check_email_body)}</p>
        <ul>
            <li><a href=paths::RESEND_CONFIRMATION>{tr!(locale, common.resend_confirmation_title)}</a></li>
            <li><a href=paths::SIGN_IN>{tr!(locale, common.nav_sign_in)}</a></li>
        </ul>
    }
}
