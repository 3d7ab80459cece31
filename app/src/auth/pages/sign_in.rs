use crate::paths;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use super::forms::AddressOnlyForm;
use crate::auth::api::{MailPurpose, SignIn};
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::{current_locale, tr};
use crate::page::form_state;

#[component]
pub fn SignInPage() -> impl IntoView {
    let locale = current_locale();
    let state = form_state("sign_in");
    view! {
        <Title text={tr!(locale, common.sign_in_title)}/>
        <h1>{tr!(locale, common.sign_in_title)}</h1>
        <section aria-labelledby="with-password">
            <h2 id="with-password">{tr!(locale, common.sign_in_with_password)}</h2>
            <form method="post" action=SignIn::PATH class="stack">
                <CsrfField/>
                <FormProblem problem=state.problem.clone()/>
                <Field
                    name="email"
                    label={tr!(locale, common.field_email)}
                    kind="email"
                    autocomplete="username"
                    maxlength=254
                    value=state.value("email")
                    error=state.error("email")
                />
                <Field
                    name="password"
                    label={tr!(locale, common.field_password)}
                    kind="password"
                    autocomplete="current-password"
                    maxlength=1024
                    error=state.error("password")
                />
                <button type="submit" class="button">{tr!(locale, common.sign_in_submit)}</button>
            </form>
            <p><a href=paths::FORGOT_PASSWORD>{tr!(locale, common.forgot_password_link)}</a></p>
        </section>
        <section aria-labelledby="with-link">
            <h2 id="with-link">{tr!(locale, common.sign_in_with_link)}</h2>
            <p>{tr!(locale, common.sign_in_with_link_lead)}</p>
            <AddressOnlyForm
                purpose=MailPurpose::SignInLink
                state=form_state(MailPurpose::SignInLink.form())
                submit={tr!(locale, common.sign_in_link_submit)}
            />
        </section>
        <p>{tr!(locale, common.sign_in_no_account)}" "<a href=paths::SIGN_UP>{tr!(locale, common.nav_sign_up)}</a></p>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let locale = current_locale();
    view! {
        <Title text={tr!(locale, common.forgot_password_title)}/>
        <h1>{tr!(locale, common.forgot_password_title)}</h1>
        <p class="lead">{tr!(locale, common.forgot_password_lead)}</p>
        <AddressOnlyForm
            purpose=MailPurpose::PasswordReset
            state=form_state(MailPurpose::PasswordReset.form())
            submit={tr!(locale, common.forgot_password_submit)}
        />
    }
}

#[component]
pub fn ResendConfirmationPage() -> impl IntoView {
    let locale = current_locale();
    view! {
        <Title text={tr!(locale, common.resend_confirmation_title)}/>
        <h1>{tr!(locale, common.resend_confirmation_title)}</h1>
        <p class="lead">{tr!(locale, common.resend_confirmation_lead)}</p>
        <AddressOnlyForm
            purpose=MailPurpose::Confirmation
            state=form_state(MailPurpose::Confirmation.form())
            submit={tr!(locale, common.resend_confirmation_submit)}
        />
    }
}
