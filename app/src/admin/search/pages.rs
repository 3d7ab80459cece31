//! The admin home page: finding a person by name, address, phone or postal code.

use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use crate::admin::search::AdminHome;
use crate::admin::search::SearchResults;
use crate::i18n::{current_locale, tr};

#[component]
pub fn AdminHomePage() -> impl IntoView {
    let locale = current_locale();
    let Some(home) = crate::page::page::<crate::admin::search::AdminHome>() else {
        return ().into_any();
    };
    let AdminHome { results } = home;
    view! {
        <Title text={tr!(locale, admin.title)}/>
        <h1>{tr!(locale, admin.title)}</h1>
        <Search results=results/>
    }
    .into_any()
}

#[component]
fn Search(results: SearchResults) -> impl IntoView {
    let locale = current_locale();
    let (next, previous) = (results.next.clone(), results.previous.clone());
    let searched = !results.query.is_empty();
    view! {
        <section aria-labelledby="search-title">
            <h2 id="search-title">{tr!(locale, admin.search_title)}</h2>
            <form method="get" action=paths::ADMIN_HOME class="stack" role="search">
                <div class="field">
                    <label for="q">{tr!(locale, admin.search_label)}</label>
                    <p class="hint" id="q-hint">{tr!(locale, admin.search_hint)}</p>
                    <input id="q" name="q" type="search" value=results.query.clone() aria-describedby="q-hint" maxlength="254"/>
                </div>
                <button type="submit" class="button">{tr!(locale, admin.search_submit)}</button>
            </form>
            {(searched && results.people.is_empty()).then(|| view! { <p class="empty">{tr!(locale, admin.search_none)}</p> })}
            {(!results.people.is_empty()).then(|| view! {
                <div class="table-wrap" tabindex="0">
                    <table aria-labelledby="search-title">
                        <thead><tr>
                            <th scope="col">{tr!(locale, common.field_name)}</th>
                            <th scope="col">{tr!(locale, common.field_email)}</th>
                            <th scope="col">{tr!(locale, common.field_city)}</th>
                            <td></td>
                        </tr></thead>
                        <tbody>
                            {results.people.into_iter().map(|p| view! {
                                <tr>
                                    <td>{p.name.unwrap_or_default()}</td><td>{p.email}</td><td>{p.city.unwrap_or_default()}</td>
                                    <td><a href=format!("/admin/person?id={}", p.id)>{tr!(locale, admin.open_link)}</a></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <p class="actions">
                {previous.map(|href| view! { <a href=href>{tr!(locale, admin.previous)}</a> })}
                {next.map(|href| view! { <a href=href>{tr!(locale, admin.next)}</a> })}
            </p>
        </section>
    }
}
