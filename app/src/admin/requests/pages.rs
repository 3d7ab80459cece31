//! The rights-request queue, ordered by deadline, and one request's page.

use crate::paths;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use crate::admin::requests::api::DecideRequest;
use crate::admin::requests::RequestWork;
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::t;
use crate::page::{form_state, request_data};

/// The rights-request queue: open requests, soonest due first, overdue ones marked.
#[component]
pub fn AdminRequestsPage() -> impl IntoView {
    let text = t();
    let Some(queue) = crate::page::page::<crate::admin::requests::QueueView>() else {
        return ().into_any();
    };
    view! {
        <Title text=text.admin_queue_title/>
        <h1>{text.admin_queue_title}</h1>
        <p class="lead">{text.admin_queue_lead}</p>
        <p><a href=paths::ADMIN_HOME>{text.admin_back_to_search}</a></p>
        {if queue.requests.is_empty() {
            view! { <p class="empty">{text.admin_queue_empty}</p> }.into_any()
        } else {
            view! { <QueueTable lines=queue.requests may_work=queue.may_work/> }.into_any()
        }}
    }
    .into_any()
}

#[component]
pub fn QueueTable(lines: Vec<crate::admin::requests::QueueLine>, may_work: bool) -> impl IntoView {
    let text = t();
    view! {
        <div class="table-wrap">
            <table aria-label=text.admin_queue_title>
                <thead><tr>
                    <th scope="col">{text.column_due}</th><th scope="col">{text.column_kind}</th>
                    <th scope="col">{text.column_person}</th><th scope="col">{text.column_received}</th>
                    <td></td>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|line| view! {
                        <tr class:overdue=line.overdue>
                            <td>
                                {line.due}
                                {line.overdue.then(|| view! { " "<span class="badge danger">{text.admin_overdue}</span> })}
                                {line.extended.then(|| view! { " "<span class="badge">{text.admin_extended}</span> })}
                            </td>
                            <td>{line.kind}</td>
                            <td><a href=format!("/admin/person?id={}", line.person_id)>{line.person.unwrap_or_else(|| text.admin_open_to_see.to_owned())}</a></td>
                            <td>{line.received}</td>
                            <td>{may_work.then(|| view! { <a href=format!("/admin/request?id={}", line.id)>{text.admin_work_request}</a> })}</td>
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
    let text = t();
    let data = request_data().page;
    let Some(work) = data.get::<RequestWork>() else {
        return crate::admin::ui::instead(&data, text.admin_request_title).unwrap_or_else(|| {
            view! {
                <Title text=text.admin_request_title/>
                <h1>{text.admin_request_title}</h1>
                <p>{text.admin_request_closed}</p>
                <p><a href=paths::ADMIN_REQUESTS>{text.admin_back_to_queue}</a></p>
            }
            .into_any()
        });
    };
    let state = form_state("decide_request");
    let decision = state.value("decision");
    let line = work.line.clone();
    let options = [
        ("complete", text.admin_decision_complete, true),
        ("extend", text.admin_decision_extend, line.extendable),
        ("reject", text.admin_decision_reject, true),
    ];
    view! {
        <Title text=text.admin_request_title/>
        <h1>{text.admin_request_title}</h1>
        <dl class="facts">
            <div><dt>{text.column_kind}</dt><dd>{line.kind.clone()}</dd></div>
            <div><dt>{text.column_person}</dt><dd>{line.person.clone().unwrap_or_default()}</dd></div>
            <div><dt>{text.column_received}</dt><dd>{line.received.clone()}</dd></div>
            <div><dt>{text.column_due}</dt><dd>{line.due.clone()}{line.overdue.then(|| view! { " "<span class="badge danger">{text.admin_overdue}</span> })}</dd></div>
            {work.extension_reason.clone().map(|why| view! { <div><dt>{text.admin_extended}</dt><dd>{why}</dd></div> })}
        </dl>
        <form method="post" action=DecideRequest::PATH class="stack">
            <CsrfField/>
            <input type="hidden" name="request" value=line.id.clone()/>
            <FormProblem problem=state.problem.clone()/>
            <fieldset class:field-invalid=state.error("decision").is_some()>
                <legend>{text.admin_decision_legend}</legend>
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
            <Field name="text" label=text.admin_decision_text hint=text.admin_decision_text_hint maxlength=500
                value=state.value("text") error=state.error("text")/>
            <button type="submit" class="button">{text.admin_decision_submit}</button>
        </form>
        <p><a href=paths::ADMIN_REQUESTS>{text.admin_back_to_queue}</a></p>
    }
    .into_any()
}
