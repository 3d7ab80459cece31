//! The audit-log viewer: filter by action, actor or person, a page at a time.

use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use crate::admin::audit::AuditPage;
use crate::i18n::{current_locale, tr};
use crate::admin::ui::NotAllowed;

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let locale = current_locale();
    let Some(audit) = crate::page::page::<AuditPage>() else {
        return view! { <NotAllowed title={tr!(locale, admin.audit_title)}/> }.into_any();
    };
    let filter = audit.filter.clone();
    view! {
        <Title text={tr!(locale, admin.audit_title)}/>
        <h1>{tr!(locale, admin.audit_title)}</h1>
        <p class="lead">{tr!(locale, admin.audit_lead)}</p>
        <p><a href=paths::ADMIN_HOME>{tr!(locale, admin.back_to_search)}</a></p>
        <form method="get" action=paths::ADMIN_AUDIT class="stack compact" role="search">
            <div class="field">
                <label for="action">{tr!(locale, admin.audit_action)}</label>
                <input id="action" name="action" type="text" maxlength="64" value=filter.action.clone()/>
            </div>
            <div class="field">
                <label for="actor">{tr!(locale, admin.audit_actor)}</label>
                <select id="actor" name="actor">
                    <option value="" selected=filter.actor.is_empty()>{tr!(locale, admin.audit_any)}</option>
                    {["person", "staff", "system", "anonymous"].into_iter().map(|kind| view! {
                        <option value=kind selected=filter.actor == kind>{kind}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="person">{tr!(locale, admin.audit_person)}</label>
                <input id="person" name="person" type="text" maxlength="36" value=filter.person.clone()/>
            </div>
            <button type="submit" class="button">{tr!(locale, admin.audit_filter)}</button>
        </form>
        {if audit.lines.is_empty() {
            view! { <p class="empty">{tr!(locale, admin.audit_empty)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0">
                    <table aria-label={tr!(locale, admin.audit_title)}>
                        <thead><tr>
                            <th scope="col">{tr!(locale, common.column_when)}</th><th scope="col">{tr!(locale, admin.column_actor)}</th>
                            <th scope="col">{tr!(locale, admin.column_person)}</th><th scope="col">{tr!(locale, admin.column_action)}</th>
                            <th scope="col">{tr!(locale, common.column_why)}</th>
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
            {audit.previous.map(|href| view! { <a href=href>{tr!(locale, admin.previous)}</a> })}
            {audit.next.map(|href| view! { <a href=href>{tr!(locale, admin.next)}</a> })}
        </p>
    }
    .into_any()
}
