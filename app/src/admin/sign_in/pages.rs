//! The staff sign-in page, the set-up page of an invitation link, and the recovery codes
//! shown once after it.

use crate::paths;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use crate::admin::sign_in::api::CompleteStaffSetup;
use crate::admin::sign_in::api::StaffSignIn;
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::{current_locale, tr};
use crate::page::form_state;

#[component]
pub fn StaffSignInPage() -> impl IntoView {
    let locale = current_locale();
    let state = form_state("staff_sign_in");
    view! {
        <Title text={tr!(locale, admin.staff_sign_in_title)}/>
        <h1>{tr!(locale, admin.staff_sign_in_title)}</h1>
        <p class="lead">{tr!(locale, admin.staff_sign_in_lead)}</p>
        <form method="post" action=StaffSignIn::PATH class="stack">
            <CsrfField/>
            <FormProblem problem=state.problem.clone()/>
            <Field name="email" label={tr!(locale, common.field_email)} kind="email" autocomplete="username" maxlength=254
                value=state.value("email") error=state.error("email")/>
            <Field name="password" label={tr!(locale, common.field_password)} kind="password" autocomplete="current-password"
                maxlength=1024 error=state.error("password")/>
            <Field name="code" label={tr!(locale, admin.field_staff_code)} kind="text" autocomplete="one-time-code" maxlength=16
                hint={tr!(locale, admin.staff_code_hint)} error=state.error("code")/>
            <button type="submit" class="button">{tr!(locale, admin.staff_sign_in_submit)}</button>
        </form>
    }
}

#[component]
pub fn StaffSetupPage() -> impl IntoView {
    let locale = current_locale();
    let state = form_state("staff_setup");
    let Some(setup) = crate::page::page::<crate::admin::sign_in::SetupView>() else {
        return view! {
            <Title text={tr!(locale, admin.staff_setup_title)}/>
            <h1>{tr!(locale, admin.staff_setup_title)}</h1>
            <div class="form-problem" role="alert"><p>{tr!(locale, common.link_invalid)}</p></div>
        }
        .into_any();
    };
    view! {
        <Title text={tr!(locale, admin.staff_setup_title)}/>
        <h1>{tr!(locale, admin.staff_setup_title)}</h1>
        <p class="lead">{tr!(locale, admin.staff_setup_lead, email = setup.email)}</p>
        <ol class="stack">
            <li>
                <p>{tr!(locale, admin.staff_setup_step_app)}</p>
                <p><code class="secret">{setup.secret.clone()}</code></p>
                <p><small><a href=setup.uri.clone()>{tr!(locale, admin.staff_setup_uri)}</a></small></p>
            </li>
            <li>
                <form method="post" action=CompleteStaffSetup::PATH class="stack">
                    <CsrfField/>
                    <input type="hidden" name="token" value=setup.token.clone()/>
                    <FormProblem problem=state.problem.clone()/>
                    <Field name="password" label={tr!(locale, common.field_new_password)} kind="password" autocomplete="new-password"
                        maxlength=1024 hint={tr!(locale, common.password_hint)} error=state.error("password")/>
                    <Field name="code" label={tr!(locale, admin.field_staff_code)} kind="text" autocomplete="one-time-code"
                        maxlength=16 error=state.error("code")/>
                    <button type="submit" class="button">{tr!(locale, admin.staff_setup_submit)}</button>
                </form>
            </li>
        </ol>
    }
    .into_any()
}

#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let locale = current_locale();
    let codes = crate::page::page::<crate::admin::routes::RecoveryCodes>()
        .map(|codes| codes.0)
        .unwrap_or_default();
    view! {
        <Title text={tr!(locale, admin.recovery_codes_title)}/>
        <h1>{tr!(locale, admin.recovery_codes_title)}</h1>
        {if codes.is_empty() {
            view! { <p>{tr!(locale, admin.recovery_codes_gone)}</p> }.into_any()
        } else {
            view! {
                <p class="lead">{tr!(locale, admin.recovery_codes_lead)}</p>
                <ul class="codes">
                    {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
                </ul>
            }.into_any()
        }}
        <p><a class="button" href=paths::ADMIN_SIGN_IN>{tr!(locale, admin.staff_sign_in_submit)}</a></p>
    }
}
