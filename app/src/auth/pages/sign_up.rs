use crate::paths;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use super::forms::NewPasswordField;
use crate::auth::api::SignUp;
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::t;
use crate::page::form_state;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let text = t();
    let state = form_state("sign_up");
    view! {
        <Title text=text.sign_up_title/>
        <h1>{text.sign_up_title}</h1>
        <p class="lead">{text.sign_up_lead}</p>
        <form method="post" action=SignUp::PATH class="stack">
            <CsrfField/>
            <FormProblem problem=state.problem.clone()/>
            <Field
                name="name"
                label=text.field_name
                autocomplete="name"
                maxlength=200
                value=state.value("name")
                error=state.error("name")
            />
            <Field
                name="email"
                label=text.field_email
                kind="email"
                autocomplete="email"
                maxlength=254
                value=state.value("email")
                error=state.error("email")
            />
            <NewPasswordField error=state.error("password")/>
            <button type="submit" class="button">{text.sign_up_submit}</button>
        </form>
        <p>{text.sign_up_have_account}" "<a href=paths::SIGN_IN>{text.nav_sign_in}</a></p>
    }
}

/// Where a form that sent (or would have sent) an e-mail leads. The notice above says which.
#[component]
pub fn CheckEmailPage() -> impl IntoView {
    let text = t();
    view! {
        <Title text=text.check_email_title/>
        <h1>{text.check_email_title}</h1>
        <p>{text.check_email_body}</p>
        <ul>
            <li><a href=paths::RESEND_CONFIRMATION>{text.resend_confirmation_title}</a></li>
            <li><a href=paths::SIGN_IN>{text.nav_sign_in}</a></li>
        </ul>
    }
}
