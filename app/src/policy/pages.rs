//! The privacy policy (the version in force, or an earlier one, with the list of versions)
//! and the cookies page.

use crate::paths;

use leptos::prelude::*;
use leptos_meta::Title;

use super::{Block, PolicyView};
use crate::i18n::{Locale, code, content_language, current_locale, format::day, tr};
use crate::domain::organisation::Organisation;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let locale = current_locale();
    let Some(view) = crate::page::page::<crate::policy::PolicyView>() else {
        return view! {
            <Title text={tr!(locale, common.policy_title)}/>
            <h1>{tr!(locale, common.policy_title)}</h1>
            <p>{tr!(locale, common.policy_version_unknown)}</p>
            <p><a href=paths::PRIVACY>{tr!(locale, common.policy_current_link)}</a></p>
        }
        .into_any();
    };
    let content = content_language();
    let PolicyView {
        shown,
        in_force,
        blocks,
        versions,
    } = view;
    let standing = match shown.version.cmp(&in_force) {
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Less => Some(tr!(locale, common.policy_not_current).to_owned()),
        std::cmp::Ordering::Greater => {
            Some(tr!(locale, common.policy_upcoming, date = day(shown.effective_on)))
        }
    };
    view! {
        <Title text={tr!(locale, common.policy_title)}/>
        <h1>{tr!(locale, common.policy_title)}</h1>
        <p class="lead">
            {tr!(locale, common.policy_version_line, version = shown.version.to_string(), date = day(shown.effective_on))}
        </p>
        {standing.map(|standing| view! {
            <div class="form-problem" role="note">
                <p>{standing}" "<a href=paths::PRIVACY>{tr!(locale, common.policy_current_link)}</a></p>
            </div>
        })}
        {(content != locale).then(|| view! {
            <p class="hint">{match content {
                Locale::en => tr!(locale, common.policy_published_in_en),
                Locale::da => tr!(locale, common.policy_published_in_da),
            }}</p>
        })}
        <article class="policy-text" lang=code(content)>
            {blocks.into_iter().map(|block| match block {
                Block::Heading(heading) => view! { <h2>{heading}</h2> }.into_any(),
                Block::Paragraph(paragraph) => view! { <p>{paragraph}</p> }.into_any(),
            }).collect_view()}
        </article>
        <section aria-labelledby="versions-title">
            <h2 id="versions-title">{tr!(locale, common.policy_versions_title)}</h2>
            <ol class="versions" reversed>
                {versions.into_iter().map(|v| {
                    let href = format!("/privacy?v={}", v.version);
                    view! {
                        <li>
                            <a href=href>{tr!(locale, common.policy_version_short, version = v.version.to_string())}</a>
                            " · "{day(v.effective_on)}
                            {v.material.then(|| view! { " "<span class="badge">{tr!(locale, common.policy_material)}</span> })}
                            {(v.version == in_force).then(|| view! { " "<span class="badge">{tr!(locale, common.policy_in_force)}</span> })}
                            <br/><small lang=code(content)>{v.summary}</small>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

#[component]
pub fn CookiesPage() -> impl IntoView {
    let locale = current_locale();
    let org = use_context::<Organisation>().unwrap_or_else(Organisation::demo);
    view! {
        <Title text={tr!(locale, common.cookies_title)}/>
        <h1>{tr!(locale, common.cookies_title)}</h1>
        <p class="lead">{tr!(locale, common.cookies_lead, organisation = org.name)}</p>
        <div class="table-wrap" tabindex="0">
            <table aria-label={tr!(locale, common.cookies_title)}>
                <thead><tr>
                    <th scope="col">{tr!(locale, common.cookies_column_name)}</th>
                    <th scope="col">{tr!(locale, common.cookies_column_purpose)}</th>
                    <th scope="col">{tr!(locale, common.cookies_column_lifetime)}</th>
                </tr></thead>
                <tbody>
                    <tr><td><code>"prefcentre"</code></td><td>{tr!(locale, common.cookies_session_purpose)}</td><td>{tr!(locale, common.cookies_session_lifetime)}</td></tr>
                    <tr><td><code>"prefcentre-csrf"</code></td><td>{tr!(locale, common.cookies_csrf_purpose)}</td><td>{tr!(locale, common.cookies_csrf_lifetime)}</td></tr>
                </tbody>
            </table>
        </div>
        <p>{tr!(locale, common.cookies_no_banner)}</p>
        <p><a href=paths::PRIVACY>{tr!(locale, common.footer_privacy_policy)}</a></p>
    }
}
