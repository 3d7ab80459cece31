//! The staff sign-in page, the set-up page of an invitation link, and the recovery codes
//! shown once after it.

use crate::paths;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use crate::admin::sign_in::api::CompleteStaffSetup;
use crate::admin::sign_in::api::StaffSignIn;
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::t;
use crate::page::form_state;

#[component]
pub fn StaffSignInPage() -> impl IntoView {
    let text = t();
    let state = form_state("staff_sign_in");
    view! {
        <Title text=text.staff_sign_in_title/>
        <h1>{text.staff_sign_in_title}</h1>
        <p class="lead">{text.staff_sign_in_lead}</p>
        <form method="post" action=StaffSignIn::PATH class="stack">
            <CsrfField/>
            <FormProblem problem=state.problem.clone()/>
            <Field name="email" label=text.field_email kind="email" autocomplete="username" maxlength=254
                value=state.value("email") error=state.error("email")/>
            <Field name="password" label=text.field_password kind="password" autocomplete="current-password"
                maxlength=1024 error=state.error("password")/>
            <Field name="code" label=text.field_staff_code kind="text" autocomplete="one-time-code" maxlength=16
                hint=text.staff_code_hint error=state.error("code")/>
            <button type="submit" class="button">{text.staff_sign_in_submit}</button>
        </form>
    }
}

#[component]
pub fn StaffSetupPage() -> impl IntoView {
    let text = t();
    let state = form_state("staff_setup");
    let Some(setup) = crate::page::page::<crate::admin::sign_in::SetupView>() else {
        return view! {
            <Title text=text.staff_setup_title/>
            <h1>{text.staff_setup_title}</h1>
            <div class="form-problem" role="alert"><p>{text.link_invalid}</p></div>
        }
        .into_any();
    };
    view! {
        <Title text=text.staff_setup_title/>
        <h1>{text.staff_setup_title}</h1>
        <p class="lead">{text.staff_setup_lead.replace("{email}", &setup.email)}</p>
        <ol class="stack">
            <li>
                <p>{text.staff_setup_step_app}</p>
                <p><code class="secret">{setup.secret.clone()}</code></p>
                <p><small><a href=setup.uri.clone()>{text.staff_setup_uri}</a></small></p>
            </li>
            <li>
                <form method="post" action=CompleteStaffSetup::PATH class="stack">
                    <CsrfField/>
                    <input type="hidden" name="token" value=setup.token.clone()/>
                    <FormProblem problem=state.problem.clone()/>
                    <Field name="password" label=text.field_new_password kind="password" autocomplete="new-password"
                        maxlength=1024 hint=text.password_hint error=state.error("password")/>
                    <Field name="code" label=text.field_staff_code kind="text" autocomplete="one-time-code"
                        maxlength=16 error=state.error("code")/>
                    <button type="submit" class="button">{text.staff_setup_submit}</button>
                </form>
            </li>
        </ol>
    }
    .into_any()
}

#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let text = t();
    let codes = crate::page::page::<crate::admin::routes::RecoveryCodes>()
        .map(|codes| codes.0)
        .unwrap_or_default();
    view! {
        <Title text=text.recovery_codes_title/>
        <h1>{text.recovery_codes_title}</h1>
        {if codes.is_empty() {
            view! { <p>{text.recovery_codes_gone}</p> }.into_any()
        } else {
            view! {
                <p class="lead">{text.recovery_codes_lead}</p>
                <ul class="codes">
                    {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
                </ul>
            }.into_any()
        }}
        <p><a class="button" href=paths::ADMIN_SIGN_IN>{text.staff_sign_in_submit}</a></p>
    }
}
