//! Admin pages: staff sign-in, set-up of a new staff member, and the home with the search.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use super::api::{CompleteStaffSetup, OpenPerson, RetryMail, StaffSignIn, StaffSignOut};
use super::{AdminHome, AdminPerson, AuditPage, SearchResults};
use crate::account::pages::{
    AccessSection, DisclosuresSection, LifecycleSection, StaffViewsSection,
};
use crate::consents::model::ConsentState;
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::t;
use crate::page::{form_state, request_data};

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
    let Some(setup) = crate::page::page::<crate::admin::SetupView>() else {
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
    let codes = crate::page::page::<super::routes::RecoveryCodes>()
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
        <p><a class="button" href="/admin/sign-in">{text.staff_sign_in_submit}</a></p>
    }
}

#[component]
pub fn AdminHomePage() -> impl IntoView {
    let text = t();
    let Some(home) = crate::page::page::<crate::admin::AdminHome>() else {
        return ().into_any();
    };
    let AdminHome {
        staff_name,
        role,
        results,
    } = home;
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
        <p class="actions">
            <a href="/admin/dashboard">{text.admin_dashboard_title}</a>
            <a href="/admin/requests">{text.admin_queue_link}</a>
            <a href="/admin/outbox">{text.admin_outbox_link}</a>
            {(role == "admin").then(|| view! { <a href="/admin/manage">{text.admin_manage_title}</a> })}
            <a href="/admin/audit">{text.admin_audit_title}</a>
        </p>
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
                            <td></td>
                        </tr></thead>
                        <tbody>
                            {results.people.into_iter().map(|p| view! {
                                <tr>
                                    <td>{p.name.unwrap_or_default()}</td><td>{p.email}</td><td>{p.city.unwrap_or_default()}</td>
                                    <td><a href=format!("/admin/person?id={}", p.id)>{text.admin_open_link}</a></td>
                                </tr>
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

#[component]
pub fn AdminPersonPage() -> impl IntoView {
    let text = t();
    let data = request_data().page;
    match (data.get::<AdminPerson>(), data.get::<super::routes::ClosedRecord>()) {
        (Some(person), _) => view! { <PersonRecord person=person/> }.into_any(),
        (None, Some(super::routes::ClosedRecord(id))) => view! { <OpenRecord id=id/> }.into_any(),
        (None, None) => view! {
            <Title text=text.admin_person_title/>
            <h1>{text.admin_person_title}</h1>
            <p>{text.admin_person_missing}</p>
            <p><a href="/admin">{text.admin_back_to_search}</a></p>
        }
        .into_any(),
    }
}

/// Before anything is shown: why.
#[component]
pub fn OpenRecord(id: String) -> impl IntoView {
    let text = t();
    let state = form_state("open_person");
    view! {
        <Title text=text.admin_open_title/>
        <h1>{text.admin_open_title}</h1>
        <p class="lead">{text.admin_open_lead}</p>
        <form method="post" action=OpenPerson::PATH class="stack">
            <CsrfField/>
            <input type="hidden" name="person" value=id/>
            <FormProblem problem=state.problem.clone()/>
            <Field name="reason" label=text.admin_reason_label kind="text" maxlength=500
                value=state.value("reason") error=state.error("reason")/>
            <button type="submit" class="button">{text.admin_open_submit}</button>
        </form>
        <p><a href="/admin">{text.admin_back_to_search}</a></p>
    }
}

fn state_word(state: ConsentState) -> &'static str {
    let text = t();
    match state {
        ConsentState::Granted => text.history_granted,
        ConsentState::Withdrawn => text.history_withdrawn,
        ConsentState::Pending => text.history_pending,
    }
}

#[component]
fn PersonRecord(person: AdminPerson) -> impl IntoView {
    let text = t();
    let AdminPerson {
        id,
        data,
        history,
        emails,
        trail,
        may_act,
    } = person;
    let identity = data.identity.clone();
    let optional = |value: Option<String>| value.unwrap_or_else(|| "—".to_owned());
    view! {
        <Title text=text.admin_person_title/>
        <h1>{identity.name.clone().unwrap_or_else(|| identity.email.clone())}</h1>
        <p><a href="/admin">{text.admin_back_to_search}</a></p>
        {may_act.then(|| view! { <super::act_pages::ActionLinks id=id.clone()/> })}
        {data.restricted_since.clone().map(|since| view! {
            <p class="state-line"><span class="badge">{text.restricted_badge}</span>" "{text.restricted_since.replace("{date}", &since)}</p>
        })}
        <section aria-labelledby="identity-title">
            <h2 id="identity-title">{text.section_identity}</h2>
            <dl class="facts">
                <div><dt>{text.field_name}</dt><dd>{optional(identity.name)}</dd></div>
                <div><dt>{text.field_email}</dt><dd>{identity.email}</dd></div>
                <div><dt>{text.field_phone}</dt><dd>{optional(identity.phone)}</dd></div>
                <div><dt>{text.field_address}</dt><dd>{identity.address.map(|lines| lines.join(", ")).unwrap_or_else(|| "—".to_owned())}</dd></div>
                <div><dt>{text.field_company}</dt><dd>{optional(identity.company)}</dd></div>
                <div><dt>{text.field_job_title}</dt><dd>{optional(identity.job_title)}</dd></div>
                <div><dt>{text.field_language}</dt><dd>{identity.language}</dd></div>
                <div><dt>{text.field_contact_channel}</dt><dd>{identity.contact_channel.as_str()}</dd></div>
            </dl>
        </section>
        <section aria-labelledby="consents-title">
            <h2 id="consents-title">{text.section_consents}</h2>
            <ul class="consent-summary">
                {data.consents.iter().map(|topic| view! {
                    <li><span>{topic.title.clone()}</span><span>{state_word(topic.state)}</span></li>
                }).collect_view()}
            </ul>
            <h3>{text.admin_section_history}</h3>
            <ol class="timeline">
                {history.into_iter().map(|entry| view! {
                    <li>{entry.at}" · "{entry.topic}": "{state_word(entry.state)}" · "{entry.source}{entry.reason.map(|r| format!(" · {r}"))}</li>
                }).collect_view()}
            </ol>
        </section>
        <section aria-labelledby="events-title">
            <h2 id="events-title">{text.section_events}</h2>
            {if data.registrations.is_empty() {
                view! { <p class="empty">{text.events_empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="cards">
                        {data.registrations.clone().into_iter().map(|r| view! {
                            <li><strong>{r.title}</strong>" · "{r.starts_at}" · "{r.place}
                                {r.dietary_needs.map(|needs| view! { <br/><span class="muted">{needs}</span> })}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <AccessSection access=data.access.clone() days=data.access_retention_days/>
        <DisclosuresSection disclosures=data.disclosures.clone()/>
        <LifecycleSection lifecycle=data.lifecycle.clone()/>
        <section aria-labelledby="requests-title">
            <h2 id="requests-title">{text.section_requests}</h2>
            <crate::rights::pages::RequestList requests=data.requests.clone()/>
        </section>
        <StaffViewsSection staff_views=data.staff_views.clone()/>
        <section aria-labelledby="emails-title">
            <h2 id="emails-title">{text.admin_section_emails}</h2>
            <div class="table-wrap">
                <table aria-labelledby="emails-title">
                    <thead><tr>
                        <th scope="col">{text.column_when}</th><th scope="col">{text.column_kind}</th>
                        <th scope="col">{text.column_subject}</th><th scope="col">{text.column_status}</th>
                        <th scope="col">{text.column_attempts}</th>
                    </tr></thead>
                    <tbody>
                        {emails.into_iter().map(|m| view! {
                            <tr><td>{m.sent.unwrap_or(m.queued)}</td><td>{m.kind}</td><td>{m.subject.unwrap_or_default()}</td><td>{m.status}</td><td>{m.attempts}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="trail-title">
            <h2 id="trail-title">{text.admin_section_trail}</h2>
            <div class="table-wrap">
                <table aria-labelledby="trail-title">
                    <thead><tr>
                        <th scope="col">{text.column_when}</th><th scope="col">{text.column_actor}</th>
                        <th scope="col">{text.column_action}</th><th scope="col">{text.column_why}</th>
                    </tr></thead>
                    <tbody>
                        {trail.into_iter().map(|a| view! {
                            <tr><td>{a.at}</td><td>{a.actor}</td><td>{a.action}</td><td>{a.reason.unwrap_or_default()}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
pub fn AdminOutboxPage() -> impl IntoView {
    let text = t();
    let Some(view) = crate::page::page::<crate::admin::OutboxView>() else {
        return ().into_any();
    };
    let may_retry = view.may_retry;
    view! {
        <Title text=text.admin_outbox_title/>
        <h1>{text.admin_outbox_title}</h1>
        <p class="lead">{text.admin_outbox_lead}</p>
        <p><a href="/admin">{text.admin_back_to_search}</a></p>
        {if view.mails.is_empty() {
            view! { <p class="empty">{text.admin_outbox_empty}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table aria-label=text.admin_outbox_title>
                        <thead><tr>
                            <th scope="col">{text.column_when}</th><th scope="col">{text.column_kind}</th>
                            <th scope="col">{text.column_recipient}</th><th scope="col">{text.column_subject}</th>
                            <th scope="col">{text.column_status}</th><th scope="col">{text.column_attempts}</th>
                            <th scope="col">{text.column_error}</th><td></td>
                        </tr></thead>
                        <tbody>
                            {view.mails.into_iter().map(|m| view! {
                                <tr>
                                    <td>{m.queued}</td><td>{m.kind}</td><td>{m.recipient}</td>
                                    <td>{m.subject.unwrap_or_default()}</td><td>{m.status}</td><td>{m.attempts}</td>
                                    <td>{m.error.unwrap_or_default()}</td>
                                    <td>{(may_retry && m.retryable).then(|| view! {
                                        <form method="post" action=RetryMail::PATH class="inline-form">
                                            <CsrfField/>
                                            <input type="hidden" name="mail" value=m.id.clone()/>
                                            <button type="submit" class="link-button">{text.admin_retry}</button>
                                        </form>
                                    })}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
    .into_any()
}

/// A staff page this member's role does not open.
#[component]
pub fn NotAllowed(title: &'static str) -> impl IntoView {
    let text = t();
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <div class="form-problem" role="alert"><p>{text.admin_not_allowed}</p></div>
        <p><a href="/admin">{text.admin_back_to_search}</a></p>
    }
}

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let text = t();
    let Some(audit) = crate::page::page::<AuditPage>() else {
        return view! { <NotAllowed title=text.admin_audit_title/> }.into_any();
    };
    let filter = audit.filter.clone();
    view! {
        <Title text=text.admin_audit_title/>
        <h1>{text.admin_audit_title}</h1>
        <p class="lead">{text.admin_audit_lead}</p>
        <p><a href="/admin">{text.admin_back_to_search}</a></p>
        <form method="get" action="/admin/audit" class="stack compact" role="search">
            <div class="field">
                <label for="action">{text.admin_audit_action}</label>
                <input id="action" name="action" type="text" maxlength="64" value=filter.action.clone()/>
            </div>
            <div class="field">
                <label for="actor">{text.admin_audit_actor}</label>
                <select id="actor" name="actor">
                    <option value="" selected=filter.actor.is_empty()>{text.admin_audit_any}</option>
                    {["person", "staff", "system", "anonymous"].into_iter().map(|kind| view! {
                        <option value=kind selected=filter.actor == kind>{kind}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="person">{text.admin_audit_person}</label>
                <input id="person" name="person" type="text" maxlength="36" value=filter.person.clone()/>
            </div>
            <button type="submit" class="button">{text.admin_audit_filter}</button>
        </form>
        {if audit.lines.is_empty() {
            view! { <p class="empty">{text.admin_audit_empty}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table aria-label=text.admin_audit_title>
                        <thead><tr>
                            <th scope="col">{text.column_when}</th><th scope="col">{text.column_actor}</th>
                            <th scope="col">{text.column_person}</th><th scope="col">{text.column_action}</th>
                            <th scope="col">{text.column_why}</th>
                        </tr></thead>
                        <tbody>
                            {audit.lines.into_iter().map(|line| view! {
                                <tr><td>{line.at}</td><td>{line.actor}</td><td>{line.person.unwrap_or_default()}</td>
                                    <td>{line.action}</td><td>{line.reason.unwrap_or_default()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <p class="actions">
            {audit.previous.map(|href| view! { <a href=href>{text.admin_previous}</a> })}
            {audit.next.map(|href| view! { <a href=href>{text.admin_next}</a> })}
        </p>
    }
    .into_any()
}
