use crate::paths;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::domain::organisation::Organisation;
use crate::page::request_data;
use crate::auth::api::SignOut;
use crate::forms::{CsrfField, ErrorSummary};
use crate::i18n::{Locale, code, current_locale, negotiate, tr};
use crate::policy::api::AcknowledgePolicy;

/// The frame of every page: skip link, header with navigation, the notice left by the last
/// action, main landmark, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let locale = current_locale();
    let data = request_data();
    view! {
        <a class="skip-link" href="#main">{tr!(locale, common.skip_to_content)}</a>
        <header class="site-header">
            <a class="brand" href=paths::HOME>{tr!(locale, common.product_name)}</a>
            <SiteNav label={tr!(locale, common.nav_label).to_owned()} menu={tr!(locale, common.nav_menu).to_owned()}>
                <NavLinks signed_in=data.viewer.is_some()/>
            </SiteNav>
            <LanguageSwitcher/>
        </header>
        {data.notice.map(|notice| view! {
            <div class="notice" role="status"><p>{notice}</p></div>
        })}
        {data.policy_notice.map(|policy| view! {
            <aside class="policy-notice" aria-labelledby="policy-notice-title">
                <h2 id="policy-notice-title">
                    {tr!(locale, common.policy_notice_title, date = policy.effective_on)}
                </h2>
                <p>{policy.summary}</p>
                <form method="post" action=AcknowledgePolicy::PATH class="inline-form">
                    <CsrfField/>
                    <input type="hidden" name="version" value=policy.version/>
                    <a href=paths::PRIVACY>{tr!(locale, common.policy_notice_read)}</a>" "
                    <button type="submit" class="button secondary">{tr!(locale, common.policy_notice_acknowledge)}</button>
                </form>
            </aside>
        })}
        <main id="main" tabindex="-1">
            {data.form.map(|state| view! { <ErrorSummary state/> })}
            {children()}
        </main>
        <SiteFooter/>
    }
}

#[component]
fn NavLinks(signed_in: bool) -> impl IntoView {
    let locale = current_locale();
    match signed_in {
        true => view! {
            <ul>
                <li><a href=paths::MY_DATA>{tr!(locale, common.nav_account)}</a></li>
                <li><a href=paths::CONSENTS>{tr!(locale, common.nav_consents)}</a></li>
                <li><a href=paths::RIGHTS>{tr!(locale, common.nav_rights)}</a></li>
                <li>
                    <form method="post" action=SignOut::PATH class="inline-form">
                        <CsrfField/>
                        <button type="submit" class="link-button">{tr!(locale, common.nav_sign_out)}</button>
                    </form>
                </li>
            </ul>
        }
        .into_any(),
        false => view! {
            <ul>
                <li><a href=paths::HOME>{tr!(locale, common.nav_home)}</a></li>
                <li><a href=paths::SIGN_IN>{tr!(locale, common.nav_sign_in)}</a></li>
                <li><a href=paths::SIGN_UP>{tr!(locale, common.nav_sign_up)}</a></li>
                <li><a href=paths::SUBSCRIBE>{tr!(locale, common.nav_subscribe)}</a></li>
            </ul>
        }
        .into_any(),
    }
}

/// The navigation. Without JavaScript every link is always visible; once this island hydrates,
/// narrow screens fold the links behind a menu button (`data-enhanced` switches the CSS).
#[island]
fn SiteNav(label: String, menu: String, children: Children) -> impl IntoView {
    let (open, set_open) = signal(false);
    let (enhanced, set_enhanced) = signal(false);
    Effect::new(move |_| set_enhanced.set(true));
    view! {
        <nav
            class="site-nav"
            aria-label=label
            data-enhanced=move || enhanced.get().then_some("true")
            data-open=move || open.get().then_some("true")
        >
            <button
                type="button"
                class="menu-button"
                aria-controls="site-nav-links"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                on:click=move |_| set_open.update(|o| *o = !*o)
            >
                {menu}
            </button>
            <div id="site-nav-links" class="site-nav-links">{children()}</div>
        </nav>
    }
}

/// Links to this page in each language, each named in its own language. Plain links: they
/// work without JavaScript, and the choice is kept in a cookie (and a signed-in session).
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let locale = current_locale();
    #[cfg(feature = "ssr")]
    let (path, query) = use_context::<http::request::Parts>()
        .map(|parts| (parts.uri.path().to_owned(), parts.uri.query().map(str::to_owned)))
        .unwrap_or_else(|| (paths::HOME.to_owned(), None));
    #[cfg(not(feature = "ssr"))]
    let (path, query): (String, Option<String>) = (paths::HOME.to_owned(), None);
    let links = <Locale as leptos_i18n::Locale>::get_all()
        .iter()
        .map(|&other| {
            let name = tr!(other, common.language_name);
            let lang = code(other);
            if other == locale {
                view! { <li><span lang=lang aria-current="true">{name}</span></li> }.into_any()
            } else {
                let href = negotiate::switch_href(&path, query.as_deref(), other);
                view! { <li><a href=href lang=lang hreflang=lang>{name}</a></li> }.into_any()
            }
        })
        .collect_view();
    view! {
        <nav class="language-switcher" aria-label={tr!(locale, common.language_switcher_label)}>
            <ul>{links}</ul>
        </nav>
    }
}

#[component]
fn SiteFooter() -> impl IntoView {
    let locale = current_locale();
    let org = use_context::<Organisation>().unwrap_or_else(Organisation::demo);
    let mailto = format!("mailto:{}", org.privacy_email);
    view! {
        <footer class="site-footer">
            <dl>
                <div>
                    <dt>{tr!(locale, common.footer_controller)}</dt>
                    <dd>{org.name}<br/>{org.postal_address}</dd>
                </div>
                <div>
                    <dt>{tr!(locale, common.footer_privacy_contact)}</dt>
                    <dd><a href=mailto>{org.privacy_email}</a></dd>
                </div>
                <div>
                    <dt>{tr!(locale, common.footer_supervisory_authority)}</dt>
                    <dd>
                        <a href=org.supervisory_authority_url rel="noopener">{org.supervisory_authority}</a>
                        <br/>
                        <small>{tr!(locale, common.footer_authority_hint)}</small>
                    </dd>
                </div>
            </dl>
            <p class="footer-links">
                <a href=paths::PRIVACY>{tr!(locale, common.footer_privacy_policy)}</a>" · "
                <a href=paths::COOKIES>{tr!(locale, common.footer_cookies)}</a>
            </p>
        </footer>
    }
}
