//! Pieces shared by the sign-in pages.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::auth::api::{MailPurpose, RequestMail};
use crate::forms::{CsrfField, Field, FormProblem, FormState};
use crate::i18n::{current_locale, tr};

/// A form that takes only an address and asks for a mail (sign-in link, reset, confirmation).
#[component]
pub fn AddressOnlyForm(
    purpose: MailPurpose,
    state: FormState,
    submit: &'static str,
) -> impl IntoView {
    let locale = current_locale();
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
                label={tr!(locale, common.field_email)}
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
    let locale = current_locale();
    view! {
        <Field
            name="password"
            label={tr!(locale, common.field_new_password)}
            kind="password"
            autocomplete="new-password"
            hint={tr!(locale, common.password_hint)}
            minlength=8
            maxlength=1024
            error=error
        />
    }
}
