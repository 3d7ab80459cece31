//! "Your rights": download everything, restrict processing (and lift it), erase the account,
//! and the record of the person's requests. Plus the page an erasure ends on.

use crate::paths;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use super::api::{EraseAccount, LiftRestriction, RestrictProcessing};
use super::{RequestView, RightsView};
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::t;
use crate::page::form_state;

/// Where the download forms post (a route of the server crate, not a server function).
pub const EXPORT_PATH: &str = "/account/export";

#[component]
pub fn RightsPage() -> impl IntoView {
    let text = t();
    let Some(view) = crate::page::page::<crate::rights::RightsView>() else {
        return ().into_any();
    };
    view! {
        <Title text=text.rights_title/>
        <h1>{text.rights_title}</h1>
        <p class="lead">{text.rights_lead}</p>
        <Download/>
        <Restriction restricted_since=view.restricted_since.clone()/>
        <Erasure view=view.clone()/>
        <Requests view=view/>
        <p><a href=paths::MY_DATA>{text.back_to_my_data}</a></p>
    }
    .into_any()
}

#[component]
fn Download() -> impl IntoView {
    let text = t();
    view! {
        <section aria-labelledby="download-title">
            <h2 id="download-title">{text.download_title}</h2>
            <p>{text.download_lead}</p>
            <div class="button-row">
                <form method="post" action=EXPORT_PATH class="inline-form">
                    <CsrfField/>
                    <input type="hidden" name="format" value="json"/>
                    <button type="submit" class="button">{text.download_json}</button>
                </form>
                <form method="post" action=EXPORT_PATH class="inline-form">
                    <CsrfField/>
                    <input type="hidden" name="format" value="csv"/>
                    <button type="submit" class="button secondary">{text.download_csv}</button>
                </form>
            </div>
        </section>
    }
}

#[component]
fn Restriction(restricted_since: Option<String>) -> impl IntoView {
    let text = t();
    view! {
        <section aria-labelledby="restrict-title">
            <h2 id="restrict-title">{text.restrict_title}</h2>
            {match restricted_since {
                Some(since) => view! {
                    <p class="state-line"><span class="badge">{text.restricted_badge}</span>" "
                        {text.restricted_since.replace("{date}", &since)}</p>
                    <p>{text.restricted_explained}</p>
                    <form method="post" action=LiftRestriction::PATH class="stack">
                        <CsrfField/>
                        <button type="submit" class="button">{text.lift_restriction}</button>
                    </form>
                }.into_any(),
                None => view! {
                    <p>{text.restrict_lead}</p>
                    <form method="post" action=RestrictProcessing::PATH class="stack">
                        <CsrfField/>
                        <button type="submit" class="button secondary">{text.restrict_button}</button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Erasure(view: RightsView) -> impl IntoView {
    let text = t();
    let state = form_state("erase");
    let can_submit = view.has_password || view.recently_signed_in;
    view! {
        <section aria-labelledby="erase-title">
            <h2 id="erase-title">{text.erase_title}</h2>
            <p>{text.erase_lead}</p>
            <ul>
                <li>{text.erase_consequence_account}</li>
                <li>{text.erase_consequence_mail}</li>
                <li>{text.erase_consequence_evidence}</li>
                <li>{text.erase_consequence_final}</li>
            </ul>
            {if can_submit {
                let understood_error = state.error("understood");
                view! {
                    <form method="post" action=EraseAccount::PATH class="stack">
                        <CsrfField/>
                        <FormProblem problem=state.problem.clone()/>
                        {view.has_password.then(|| view! {
                            <Field name="password" label=text.field_current_password kind="password"
                                autocomplete="current-password" maxlength=1024 hint=text.confirm_with_password
                                error=state.error("password")/>
                        })}
                        <div class="choice">
                            <input type="checkbox" id="understood" name="understood" value="yes"
                                aria-invalid=understood_error.is_some().then_some("true")
                                aria-describedby=understood_error.is_some().then_some("understood-error")/>
                            <label for="understood">{text.erase_understood}</label>
                        </div>
                        {understood_error.map(|error| view! {
                            <p class="field-error" id="understood-error">{error}</p>
                        })}
                        <button type="submit" class="button danger">{text.erase_button}</button>
                    </form>
                }.into_any()
            } else {
                view! {
                    <div class="form-problem" role="alert"><p>{text.sign_in_again}</p></div>
                    <p><a class="button" href=paths::SIGN_IN>{text.nav_sign_in}</a></p>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Requests(view: RightsView) -> impl IntoView {
    let text = t();
    view! {
        <section aria-labelledby="requests-title">
            <h2 id="requests-title">{text.requests_title}</h2>
            <RequestList requests=view.requests/>
        </section>
    }
}

/// The person's rights requests; the table is labelled by the heading `requests-title`.
#[component]
pub fn RequestList(requests: Vec<RequestView>) -> impl IntoView {
    let text = t();
    view! {
            {if requests.is_empty() {
                view! { <p>{text.requests_empty}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table aria-labelledby="requests-title">
                            <thead><tr>
                                <th scope="col">{text.column_request}</th>
                                <th scope="col">{text.column_received}</th>
                                <th scope="col">{text.column_due}</th>
                                <th scope="col">{text.column_status}</th>
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
    let text = t();
    view! {
        <Title text=text.erased_title/>
        <h1>{text.erased_title}</h1>
        <p class="lead">{text.erased_lead}</p>
        <p>{text.erase_consequence_evidence}</p>
        <p><a href=paths::HOME>{text.nav_home}</a></p>
    }
}
