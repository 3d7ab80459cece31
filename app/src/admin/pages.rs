//! Admin pages: staff sign-in, set-up of a new staff member, and the home with the search.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use super::api::{CompleteStaffSetup, StaffSignIn, StaffSignOut};
use super::{AdminHome, SearchResults};
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::t;
use crate::site::page_data::{PageData, form_state, request_data};

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
    let PageData::StaffSetup(setup) = request_data().page else {
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
    let codes = match request_data().page {
        PageData::RecoveryCodes(codes) => codes,
        _ => Vec::new(),
    };
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
        <p><a class="button" href="/admin/sign-in">{text.staff_sign_in_submit}</a></p>
    }
}

#[component]
pub fn AdminHomePage() -> impl IntoView {
    let text = t();
    let PageData::AdminHome(home) = request_data().page else {
        return ().into_any();
    };
    let AdminHome {
        staff_name,
        role,
        results,
    } = *home;
    view! {
        <Title text=text.admin_title/>
        <h1>{text.admin_title}</h1>
        <div class="lead">
            {text.admin_signed_in_as.replace("{name}", &staff_name).replace("{role}", &role)}" "
            <form method="post" action=StaffSignOut::PATH class="inline-form">
                <CsrfField/>
                <button type="submit" class="link-button">{text.nav_sign_out}</button>
            </form>
        </div>
        <Search results=results/>
    }
    .into_any()
}

#[component]
fn Search(results: SearchResults) -> impl IntoView {
    let text = t();
    let (next, previous) = (results.next.clone(), results.previous.clone());
    let searched = !results.query.is_empty();
    view! {
        <section aria-labelledby="search-title">
            <h2 id="search-title">{text.admin_search_title}</h2>
            <form method="get" action="/admin" class="stack" role="search">
                <div class="field">
                    <label for="q">{text.admin_search_label}</label>
                    <p class="hint" id="q-hint">{text.admin_search_hint}</p>
                    <input id="q" name="q" type="search" value=results.query.clone() aria-describedby="q-hint" maxlength="254"/>
                </div>
                <button type="submit" class="button">{text.admin_search_submit}</button>
            </form>
            {(searched && results.people.is_empty()).then(|| view! { <p class="empty">{text.admin_search_none}</p> })}
            {(!results.people.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table aria-labelledby="search-title">
                        <thead><tr>
                            <th scope="col">{text.field_name}</th>
                            <th scope="col">{text.field_email}</th>
                            <th scope="col">{text.field_city}</th>
                        </tr></thead>
                        <tbody>
                            {results.people.into_iter().map(|p| view! {
                                <tr><td>{p.name.unwrap_or_default()}</td><td>{p.email}</td><td>{p.city.unwrap_or_default()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <p class="actions">
                {previous.map(|href| view! { <a href=href>{text.admin_previous}</a> })}
                {next.map(|href| view! { <a href=href>{text.admin_next}</a> })}
            </p>
        </section>
    }
}
