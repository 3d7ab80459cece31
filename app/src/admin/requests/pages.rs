//! The rights-request queue, ordered by deadline, and one request's page.

use crate::paths;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use crate::admin::requests::api::DecideRequest;
use crate::admin::requests::RequestWork;
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::{current_locale, tr};
use crate::page::{form_state, request_data};

/// The rights-request queue: open requests, soonest due first, overdue ones marked.
#[component]
pub fn AdminRequestsPage() -> impl IntoView {
    let locale = current_locale();
    let Some(queue) = crate::page::page::<crate::admin::requests::QueueView>() else {
        return ().into_any();
    };
    view! {
        <Title text={tr!(locale, admin.queue_title)}/>
        <h1>{tr!(locale, admin.queue_title)}</h1>
        <p class="lead">{tr!(locale, admin.queue_lead)}</p>
        <p><a href=paths::ADMIN_HOME>{tr!(locale, admin.back_to_search)}</a></p>
        {if queue.requests.is_empty() {
            view! { <p class="empty">{tr!(locale, admin.queue_empty)}</p> }.into_any()
        } else {
            view! { <QueueTable lines=queue.requests may_work=queue.may_work/> }.into_any()
        }}
    }
    .into_any()
}

#[component]
pub fn QueueTable(lines: Vec<crate::admin::requests::QueueLine>, may_work: bool) -> impl IntoView {
    let locale = current_locale();
    view! {
        <div class="table-wrap" tabindex="0">
            <table aria-label={tr!(locale, admin.queue_title)}>
                <thead><tr>
                    <th scope="col">{tr!(locale, common.column_due)}</th><th scope="col">{tr!(locale, admin.column_kind)}</th>
                    <th scope="col">{tr!(locale, admin.column_person)}</th><th scope="col">{tr!(locale, common.column_received)}</th>
                    <td></td>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|line| view! {
                        <tr class:overdue=line.overdue>
                            <td>
                                {line.due}
                                {line.overdue.then(|| view! { " "<span class="badge danger">{tr!(locale, admin.overdue)}</span> })}
                                {line.extended.then(|| view! { " "<span class="badge">{tr!(locale, admin.extended)}</span> })}
                            </td>
                            <td>{line.kind}</td>
                            <td><a href=format!("/admin/person?id={}", line.person_id)>{line.person.unwrap_or_else(|| tr!(locale, admin.open_to_see).to_owned())}</a></td>
                            <td>{line.received}</td>
                            <td>{may_work.then(|| view! { <a href=format!("/admin/request?id={}", line.id)>{tr!(locale, admin.work_request)}</a> })}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One open request: complete, extend (the reason is e-mailed to the person) or reject.
#[component]
pub fn AdminRequestPage() -> impl IntoView {
    let locale = current_locale();
    let data = request_data().page;
    let Some(work) = data.get::<RequestWork>() else {
        return crate::admin::ui::instead(&data, tr!(locale, admin.request_title)).unwrap_or_else(|| {
            view! {
                <Title text={tr!(locale, admin.request_title)}/>
                <h1>{tr!(locale, admin.request_title)}</h1>
                <p>{tr!(locale, admin.request_closed)}</p>
                <p><a href=paths::ADMIN_REQUESTS>{tr!(locale, admin.back_to_queue)}</a></p>
            }
            .into_any()
        });
    };
    let state = form_state("decide_request");
    let decision = state.value("decision");
    let line = work.line.clone();
    let options = [
        ("complete", tr!(locale, admin.decision_complete), true),
        ("extend", tr!(locale, admin.decision_extend), line.extendable),
        ("reject", tr!(locale, admin.decision_reject), true),
    ];
    view! {
        <Title text={tr!(locale, admin.request_title)}/>
        <h1>{tr!(locale, admin.request_title)}</h1>
        <dl class="facts">
            <div><dt>{tr!(locale, admin.column_kind)}</dt><dd>{line.kind.clone()}</dd></div>
            <div><dt>{tr!(locale, admin.column_person)}</dt><dd>{line.person.clone().unwrap_or_default()}</dd></div>
            <div><dt>{tr!(locale, common.column_received)}</dt><dd>{line.received.clone()}</dd></div>
            <div><dt>{tr!(locale, common.column_due)}</dt><dd>{line.due.clone()}{line.overdue.then(|| view! { " "<span class="badge danger">{tr!(locale, admin.overdue)}</span> })}</dd></div>
            {work.extension_reason.clone().map(|why| view! { <div><dt>{tr!(locale, admin.extended)}</dt><dd>{why}</dd></div> })}
        </dl>
        <form method="post" action=DecideRequest::PATH class="stack">
            <CsrfField/>
            <input type="hidden" name="request" value=line.id.clone()/>
            <FormProblem problem=state.problem.clone()/>
            <fieldset class:field-invalid=state.error("decision").is_some()>
                <legend>{tr!(locale, admin.decision_legend)}</legend>
                {state.error("decision").map(|e| view! { <p class="field-error">{e}</p> })}
                {options.into_iter().filter(|(_, _, shown)| *shown).map(|(value, label, _)| {
                    let id = format!("decision-{value}");
                    view! {
                        <div class="choice">
                            <input type="radio" id=id.clone() name="decision" value=value checked=decision == value/>
                            <label for=id>{label}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <Field name="text" label={tr!(locale, admin.decision_text)} hint={tr!(locale, admin.decision_text_hint)} maxlength=500
                value=state.value("text") error=state.error("text")/>
            <button type="submit" class="button">{tr!(locale, admin.decision_submit)}</button>
        </form>
        <p><a href=paths::ADMIN_REQUESTS>{tr!(locale, admin.back_to_queue)}</a></p>
    }
    .into_any()
}
