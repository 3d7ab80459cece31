//! The admin home page: finding a person by name, address, phone or postal code.

use crate::paths;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use crate::admin::sign_in::api::StaffSignOut;
use crate::admin::search::AdminHome;
use crate::admin::search::SearchResults;
use crate::forms::CsrfField;
use crate::i18n::t;

#[component]
pub fn AdminHomePage() -> impl IntoView {
    let text = t();
    let Some(home) = crate::page::page::<crate::admin::search::AdminHome>() else {
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
            <a href=paths::ADMIN_DASHBOARD>{text.admin_dashboard_title}</a>
            <a href=paths::ADMIN_REQUESTS>{text.admin_queue_link}</a>
            <a href=paths::ADMIN_OUTBOX>{text.admin_outbox_link}</a>
            {(role == "admin").then(|| view! { <a href=paths::ADMIN_MANAGE>{text.admin_manage_title}</a> })}
            <a href=paths::ADMIN_AUDIT>{text.admin_audit_title}</a>
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
            <form method="get" action=paths::ADMIN_HOME class="stack" role="search">
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
