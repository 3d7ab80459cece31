//! "Your rights": download everything, restrict processing (and lift it), erase the account,
//! and the record of the person's requests. Plus the page an erasure ends on.

use crate::paths;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use super::api::{EraseAccount, LiftRestriction, RestrictProcessing};
use super::{RequestView, RightsView};
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::{current_locale, tr};
use crate::page::form_state;

/// Where the download forms post (a route of the server crate, not a server function).
pub const EXPORT_PATH: &str = "/account/export";

#[component]
pub fn RightsPage() -> impl IntoView {
    let locale = current_locale();
    let Some(view) = crate::page::page::<crate::rights::RightsView>() else {
        return ().into_any();
    };
    view! {
        <Title text={tr!(locale, common.rights_title)}/>
        <h1>{tr!(locale, common.rights_title)}</h1>
        <p class="lead">{tr!(locale, common.rights_lead)}</p>
        <Download/>
        <Restriction restricted_since=view.restricted_since.clone()/>
        <Erasure view=view.clone()/>
        <Requests view=view/>
        <p><a href=paths::MY_DATA>{tr!(locale, common.back_to_my_data)}</a></p>
    }
    .into_any()
}

#[component]
fn Download() -> impl IntoView {
    let locale = current_locale();
    view! {
        <section aria-labelledby="download-title">
            <h2 id="download-title">{tr!(locale, common.download_title)}</h2>
            <p>{tr!(locale, common.download_lead)}</p>
            <div class="button-row">
                <form method="post" action=EXPORT_PATH class="inline-form">
                    <CsrfField/>
                    <input type="hidden" name="format" value="json"/>
                    <button type="submit" class="button">{tr!(locale, common.download_json)}</button>
                </form>
                <form method="post" action=EXPORT_PATH class="inline-form">
                    <CsrfField/>
                    <input type="hidden" name="format" value="csv"/>
                    <button type="submit" class="button secondary">{tr!(locale, common.download_csv)}</button>
                </form>
            </div>
        </section>
    }
}

#[component]
fn Restriction(restricted_since: Option<String>) -> impl IntoView {
    let locale = current_locale();
    view! {
        <section aria-labelledby="restrict-title">
            <h2 id="restrict-title">{tr!(locale, common.restrict_title)}</h2>
            {match restricted_since {
                Some(since) => view! {
                    <p class="state-line"><span class="badge">{tr!(locale, common.restricted_badge)}</span>" "
                        {tr!(locale, common.restricted_since, date = since)}</p>
                    <p>{tr!(locale, common.restricted_explained)}</p>
                    <form method="post" action=LiftRestriction::PATH class="stack">
                        <CsrfField/>
                        <button type="submit" class="button">{tr!(locale, common.lift_restriction)}</button>
                    </form>
                }.into_any(),
                None => view! {
                    <p>{tr!(locale, common.restrict_lead)}</p>
                    <form method="post" action=RestrictProcessing::PATH class="stack">
                        <CsrfField/>
                        <button type="submit" class="button secondary">{tr!(locale, common.restrict_button)}</button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Erasure(view: RightsView) -> impl IntoView {
    let locale = current_locale();
    let state = form_state("erase");
    let can_submit = view.has_password || view.recently_signed_in;
    view! {
        <section aria-labelledby="erase-title">
            <h2 id="erase-title">{tr!(locale, common.erase_title)}</h2>
            <p>{tr!(locale, common.erase_lead)}</p>
            <ul>
                <li>{tr!(locale, common.erase_consequence_account)}</li>
                <li>{tr!(locale, common.erase_consequence_mail)}</li>
                <li>{tr!(locale, common.erase_consequence_evidence)}</li>
                <li>{tr!(locale, common.erase_consequence_final)}</li>
            </ul>
            {if can_submit {
                let understood_error = state.error("understood");
                view! {
                    <form method="post" action=EraseAccount::PATH class="stack">
                        <CsrfField/>
                        <FormProblem problem=state.problem.clone()/>
                        {view.has_password.then(|| view! {
                            <Field name="password" label={tr!(locale, common.field_current_password)} kind="password"
                                autocomplete="current-password" maxlength=1024 hint={tr!(locale, common.confirm_with_password)}
                                error=state.error("password")/>
                        })}
                        <div class="choice">
                            <input type="checkbox" id="field-understood" name="understood" value="yes"
                                aria-invalid=understood_error.is_some().then_some("true")
                                aria-describedby=understood_error.is_some().then_some("field-understood-error")/>
                            <label for="field-understood">{tr!(locale, common.erase_understood)}</label>
                        </div>
                        {understood_error.map(|error| view! {
                            <p class="field-error" id="field-understood-error">{error}</p>
                        })}
                        <button type="submit" class="button danger">{tr!(locale, common.erase_button)}</button>
                    </form>
                }.into_any()
            } else {
                view! {
                    <div class="form-problem" role="alert"><p>{tr!(locale, common.sign_in_again)}</p></div>
                    <p><a class="button" href=paths::SIGN_IN>{tr!(locale, common.nav_sign_in)}</a></p>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Requests(view: RightsView) -> impl IntoView {
    let locale = current_locale();
    view! {
        <section aria-labelledby="requests-title">
            <h2 id="requests-title">{tr!(locale, common.requests_title)}</h2>
            <RequestList requests=view.requests/>
        </section>
    }
}

/// The person's rights requests; the table is labelled by the heading `requests-title`.
#[component]
pub fn RequestList(requests: Vec<RequestView>) -> impl IntoView {
    let locale = current_locale();
    view! {
            {if requests.is_empty() {
                view! { <p>{tr!(locale, common.requests_empty)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table aria-labelledby="requests-title">
                            <thead><tr>
                                <th scope="col">{tr!(locale, common.column_request)}</th>
                                <th scope="col">{tr!(locale, common.column_received)}</th>
                                <th scope="col">{tr!(locale, common.column_due)}</th>
                                <th scope="col">{tr!(locale, common.column_status)}</th>
                            </tr></thead>
                            <tbody>
                                {requests.into_iter().map(|r| view! {
                                    <tr>
                                        <td>{r.kind}</td>
                                        <td>{r.received}</td>
                                        <td>{r.due}</td>
                                        <td>{r.status}{r.outcome.map(|o| view! { <br/><small>{o}</small> })}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
    }
}

/// Where an erasure ends: signed out, with what happened and what stays.
#[component]
pub fn ErasedPage() -> impl IntoView {
    let locale = current_locale();
    view! {
        <Title text={tr!(locale, common.erased_title)}/>
        <h1>{tr!(locale, common.erased_title)}</h1>
        <p class="lead">{tr!(locale, common.erased_lead)}</p>
        <p>{tr!(locale, common.erase_consequence_evidence)}</p>
        <p><a href=paths::HOME>{tr!(locale, common.nav_home)}</a></p>
    }
}
