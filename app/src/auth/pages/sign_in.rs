use crate::paths;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use super::forms::AddressOnlyForm;
use crate::auth::api::{MailPurpose, SignIn};
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::t;
use crate::page::form_state;

#[component]
pub fn SignInPage() -> impl IntoView {
    let text = t();
    let state = form_state("sign_in");
    view! {
        <Title text=text.sign_in_title/>
        <h1>{text.sign_in_title}</h1>
        <section aria-labelledby="with-password">
            <h2 id="with-password">{text.sign_in_with_password}</h2>
            <form method="post" action=SignIn::PATH class="stack">
                <CsrfField/>
                <FormProblem problem=state.problem.clone()/>
                <Field
                    name="email"
                    label=text.field_email
                    kind="email"
                    autocomplete="username"
                    maxlength=254
                    value=state.value("email")
                    error=state.error("email")
                />
                <Field
                    name="password"
                    label=text.field_password
                    kind="password"
                    autocomplete="current-password"
                    maxlength=1024
                    error=state.error("password")
                />
                <button type="submit" class="button">{text.sign_in_submit}</button>
            </form>
            <p><a href=paths::FORGOT_PASSWORD>{text.forgot_password_link}</a></p>
        </section>
        <section aria-labelledby="with-link">
            <h2 id="with-link">{text.sign_in_with_link}</h2>
            <p>{text.sign_in_with_link_lead}</p>
            <AddressOnlyForm
                purpose=MailPurpose::SignInLink
                state=form_state(MailPurpose::SignInLink.form())
                submit=text.sign_in_link_submit
            />
        </section>
        <p>{text.sign_in_no_account}" "<a href=paths::SIGN_UP>{text.nav_sign_up}</a></p>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let text = t();
    view! {
        <Title text=text.forgot_password_title/>
        <h1>{text.forgot_password_title}</h1>
        <p class="lead">{text.forgot_password_lead}</p>
        <AddressOnlyForm
            purpose=MailPurpose::PasswordReset
            state=form_state(MailPurpose::PasswordReset.form())
            submit=text.forgot_password_submit
        />
    }
}

#[component]
pub fn ResendConfirmationPage() -> impl IntoView {
    let text = t();
    view! {
        <Title text=text.resend_confirmation_title/>
        <h1>{text.resend_confirmation_title}</h1>
        <p class="lead">{text.resend_confirmation_lead}</p>
        <AddressOnlyForm
            purpose=MailPurpose::Confirmation
            state=form_state(MailPurpose::Confirmation.form())
            submit=text.resend_confirmation_submit
        />
    }
}
