//! A person's record as staff see it: their data, consents, history, e-mails and the trail
//! of who looked.

use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use crate::admin::person::AdminPerson;
use crate::account::pages::{
    AccessSection, DisclosuresSection, LifecycleSection, StaffViewsSection,
};
use crate::consents::model::ConsentState;
use crate::i18n::{current_locale, tr};
use crate::page::request_data;

#[component]
pub fn AdminPersonPage() -> impl IntoView {
    let locale = current_locale();
    let data = request_data().page;
    let Some(person) = data.get::<AdminPerson>() else {
        return crate::admin::ui::instead(&data, tr!(locale, admin.person_title)).unwrap_or_else(|| {
            view! {
                <Title text={tr!(locale, admin.person_title)}/>
                <h1>{tr!(locale, admin.person_title)}</h1>
                <p>{tr!(locale, admin.person_missing)}</p>
                <p><a href=paths::ADMIN_HOME>{tr!(locale, admin.back_to_search)}</a></p>
            }
            .into_any()
        });
    };
    view! { <PersonRecord person=person/> }.into_any()
}

fn state_word(state: ConsentState) -> &'static str {
    let locale = current_locale();
    match state {
        ConsentState::Granted => tr!(locale, common.history_granted),
        ConsentState::Withdrawn => tr!(locale, common.history_withdrawn),
        ConsentState::Pending => tr!(locale, common.history_pending),
    }
}

#[component]
fn PersonRecord(person: AdminPerson) -> impl IntoView {
    let locale = current_locale();
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
        <Title text={tr!(locale, admin.person_title)}/>
        <h1>{identity.name.clone().unwrap_or_else(|| identity.email.clone())}</h1>
        <p><a href=paths::ADMIN_HOME>{tr!(locale, admin.back_to_search)}</a></p>
        {may_act.then(|| view! { <crate::admin::act::pages::ActionLinks id=id.clone()/> })}
        {data.restricted_since.clone().map(|since| view! {
            <p class="state-line"><span class="badge">{tr!(locale, common.restricted_badge)}</span>" "{tr!(locale, common.restricted_since, date = since)}</p>
        })}
        <section aria-labelledby="identity-title">
            <h2 id="identity-title">{tr!(locale, common.section_identity)}</h2>
            <dl class="facts">
                <div><dt>{tr!(locale, common.field_name)}</dt><dd>{optional(identity.name)}</dd></div>
                <div><dt>{tr!(locale, common.field_email)}</dt><dd>{identity.email}</dd></div>
                <div><dt>{tr!(locale, common.field_phone)}</dt><dd>{optional(identity.phone)}</dd></div>
                <div><dt>{tr!(locale, common.field_address)}</dt><dd>{identity.address.map(|lines| lines.join(", ")).unwrap_or_else(|| "—".to_owned())}</dd></div>
                <div><dt>{tr!(locale, common.field_company)}</dt><dd>{optional(identity.company)}</dd></div>
                <div><dt>{tr!(locale, common.field_job_title)}</dt><dd>{optional(identity.job_title)}</dd></div>
                <div><dt>{tr!(locale, common.field_language)}</dt><dd>{identity.language}</dd></div>
                <div><dt>{tr!(locale, common.field_contact_channel)}</dt><dd>{identity.contact_channel.as_str()}</dd></div>
            </dl>
        </section>
        <section aria-labelledby="consents-title">
            <h2 id="consents-title">{tr!(locale, common.section_consents)}</h2>
            <ul class="consent-summary">
                {data.consents.iter().map(|topic| view! {
                    <li><span>{topic.title.clone()}</span><span>{state_word(topic.state)}</span></li>
                }).collect_view()}
            </ul>
            <h3>{tr!(locale, admin.section_history)}</h3>
            <ol class="timeline">
                {history.into_iter().map(|entry| view! {
                    <li>{entry.at}" · "{entry.topic}": "{state_word(entry.state)}" · "{entry.source}{entry.reason.map(|r| format!(" · {r}"))}</li>
                }).collect_view()}
            </ol>
        </section>
        <section aria-labelledby="events-title">
            <h2 id="events-title">{tr!(locale, common.section_events)}</h2>
            {if data.registrations.is_empty() {
                view! { <p class="empty">{tr!(locale, common.events_empty)}</p> }.into_any()
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
            <h2 id="requests-title">{tr!(locale, common.section_requests)}</h2>
            <crate::rights::pages::RequestList requests=data.requests.clone()/>
        </section>
        <StaffViewsSection staff_views=data.staff_views.clone()/>
        <section aria-labelledby="emails-title">
            <h2 id="emails-title">{tr!(locale, admin.section_emails)}</h2>
            <div class="table-wrap" tabindex="0">
                <table aria-labelledby="emails-title">
                    <thead><tr>
                        <th scope="col">{tr!(locale, common.column_when)}</th><th scope="col">{tr!(locale, admin.column_kind)}</th>
                        <th scope="col">{tr!(locale, admin.column_subject)}</th><th scope="col">{tr!(locale, common.column_status)}</th>
                        <th scope="col">{tr!(locale, admin.column_attempts)}</th>
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
            <h2 id="trail-title">{tr!(locale, admin.section_trail)}</h2>
            <div class="table-wrap" tabindex="0">
                <table aria-labelledby="trail-title">
                    <thead><tr>
                        <th scope="col">{tr!(locale, common.column_when)}</th><th scope="col">{tr!(locale, admin.column_actor)}</th>
                        <th scope="col">{tr!(locale, admin.column_action)}</th><th scope="col">{tr!(locale, common.column_why)}</th>
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
