//! The privacy policy (the version in force, or an earlier one, with the list of versions)
//! and the cookies page.

use crate::paths;

use leptos::prelude::*;
use leptos_meta::Title;

use super::{Block, PolicyView};
use crate::i18n::t;
use crate::domain::organisation::Organisation;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let text = t();
    let Some(view) = crate::page::page::<crate::policy::PolicyView>() else {
        return view! {
            <Title text=text.policy_title/>
            <h1>{text.policy_title}</h1>
            <p>{text.policy_version_unknown}</p>
            <p><a href=paths::PRIVACY>{text.policy_current_link}</a></p>
        }
        .into_any();
    };
    let PolicyView {
        shown,
        in_force,
        blocks,
        versions,
    } = view;
    let standing = match shown.version.cmp(&in_force) {
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Less => Some(text.policy_not_current.to_owned()),
        std::cmp::Ordering::Greater => {
            Some(text.policy_upcoming.replace("{date}", &shown.effective_on))
        }
    };
    view! {
        <Title text=text.policy_title/>
        <h1>{text.policy_title}</h1>
        <p class="lead">
            {text.policy_version_line
                .replace("{version}", &shown.version.to_string())
                .replace("{date}", &shown.effective_on)}
        </p>
        {standing.map(|standing| view! {
            <div class="form-problem" role="note">
                <p>{standing}" "<a href=paths::PRIVACY>{text.policy_current_link}</a></p>
            </div>
        })}
        <article class="policy-text">
            {blocks.into_iter().map(|block| match block {
                Block::Heading(heading) => view! { <h2>{heading}</h2> }.into_any(),
                Block::Paragraph(paragraph) => view! { <p>{paragraph}</p> }.into_any(),
            }).collect_view()}
        </article>
        <section aria-labelledby="versions-title">
            <h2 id="versions-title">{text.policy_versions_title}</h2>
            <ol class="versions" reversed>
                {versions.into_iter().map(|v| {
                    let href = format!("/privacy?v={}", v.version);
                    view! {
                        <li>
                            <a href=href>{text.policy_version_short.replace("{version}", &v.version.to_string())}</a>
                            " · "{v.effective_on}
                            {v.material.then(|| view! { " "<span class="badge">{text.policy_material}</span> })}
                            {(v.version == in_force).then(|| view! { " "<span class="badge">{text.policy_in_force}</span> })}
                            <br/><small>{v.summary}</small>
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
    let text = t();
    let org = use_context::<Organisation>().unwrap_or_else(Organisation::demo);
    view! {
        <Title text=text.cookies_title/>
        <h1>{text.cookies_title}</h1>
        <p class="lead">{text.cookies_lead.replace("{organisation}", &org.name)}</p>
        <div class="table-wrap">
            <table aria-label=text.cookies_title>
                <thead><tr>
                    <th scope="col">{text.cookies_column_name}</th>
                    <th scope="col">{text.cookies_column_purpose}</th>
                    <th scope="col">{text.cookies_column_lifetime}</th>
                </tr></thead>
                <tbody>
                    <tr><td><code>"prefcentre"</code></td><td>{text.cookies_session_purpose}</td><td>{text.cookies_session_lifetime}</td></tr>
                    <tr><td><code>"prefcentre-csrf"</code></td><td>{text.cookies_csrf_purpose}</td><td>{text.cookies_csrf_lifetime}</td></tr>
                </tbody>
            </table>
        </div>
        <p>{text.cookies_no_banner}</p>
        <p><a href=paths::PRIVACY>{text.footer_privacy_policy}</a></p>
    }
}
