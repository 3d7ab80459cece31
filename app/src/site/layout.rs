use leptos::prelude::*;

use super::organisation::Organisation;
use crate::i18n::t;

/// The frame of every page: skip link, header with navigation, main landmark, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let text = t();
    view! {
        <a class="skip-link" href="#main">{text.skip_to_content}</a>
        <header class="site-header">
            <a class="brand" href="/">{text.product_name}</a>
            <SiteNav label=text.nav_label.to_owned() menu=text.nav_menu.to_owned()>
                <ul>
                    <li><a href="/">{text.nav_home}</a></li>
                </ul>
            </SiteNav>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <SiteFooter/>
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

#[component]
fn SiteFooter() -> impl IntoView {
    let text = t();
    let org = use_context::<Organisation>().unwrap_or_else(Organisation::demo);
    let mailto = format!("mailto:{}", org.privacy_email);
    view! {
        <footer class="site-footer">
            <dl>
                <div>
                    <dt>{text.footer_controller}</dt>
                    <dd>{org.name}<br/>{org.postal_address}</dd>
                </div>
                <div>
                    <dt>{text.footer_privacy_contact}</dt>
                    <dd><a href=mailto>{org.privacy_email}</a></dd>
                </div>
                <div>
                    <dt>{text.footer_supervisory_authority}</dt>
                    <dd>
                        <a href=org.supervisory_authority_url rel="noopener">{org.supervisory_authority}</a>
                        <br/>
                        <small>{text.footer_authority_hint}</small>
                    </dd>
                </div>
            </dl>
        </footer>
    }
}
