//! Pieces shared by the sign-in pages.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::auth::api::{MailPurpose, RequestMail};
use crate::forms::{CsrfField, Field, FormProblem, FormState};
use crate::i18n::t;

/// A form that takes only an address and asks for a mail (sign-in link, reset, confirmation).
#[component]
pub fn AddressOnlyForm(
    purpose: MailPurpose,
    state: FormState,
    submit: &'static str,
) -> impl IntoView {
    let text = t();
    let purpose_value = match purpose {
        MailPurpose::SignInLink => "sign-in-link",
        MailPurpose::PasswordReset => "password-reset",
        MailPurpose::Confirmation => "confirmation",
    };
    view! {
        <form method="post" action=RequestMail::PATH class="stack">
            <CsrfField/>
            <input type="hidden" name="purpose" value=purpose_value/>
            <FormProblem problem=state.problem.clone()/>
            <Field
                name="email"
                label=text.field_email
                kind="email"
                autocomplete="email"
                maxlength=254
                value=state.value("email")
                error=state.error("email")
            />
            <button type="submit" class="button">{submit}</button>
        </form>
    }
}

/// The field for choosing a password, with the rules as its hint.
#[component]
pub fn NewPasswordField(error: Option<String>) -> impl IntoView {
    let text = t();
    view! {
        <Field
            name="password"
            label=text.field_new_password
            kind="password"
            autocomplete="new-password"
            hint=text.password_hint
            minlength=8
            maxlength=1024
            error=error
        />
    }
}
