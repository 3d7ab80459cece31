//! The frame of the staff pages: their own header and navigation (not the public one), who is
//! signed in, and a main area wide enough for their tables.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::layout::LanguageSwitcher;
use crate::admin::sign_in::api::StaffSignOut;
use crate::domain::StaffRole;
use crate::forms::{CsrfField, ErrorSummary};
use crate::i18n::{current_locale, tr};
use crate::page::request_data;
use crate::paths;

#[component]
pub fn AdminFrame(children: Children) -> impl IntoView {
    let locale = current_locale();
    let data = request_data();
    let staff = data.staff.map(|staff| {
        let manage = (staff.role == StaffRole::Admin).then(|| {
            view! { <li><a href=paths::ADMIN_MANAGE>{tr!(locale, admin.manage_title)}</a></li> }
        });
        let signed_in = tr!(
            locale,
            admin.signed_in_as,
            name = &staff.name,
            role = staff.role.label(locale)
        );
        view! {
            <nav class="admin-nav" aria-label={tr!(locale, admin.nav_label)}>
                <ul>
                    <li><a href=paths::ADMIN_HOME>{tr!(locale, admin.nav_search)}</a></li>
                    <li><a href=paths::ADMIN_REQUESTS>{tr!(locale, admin.queue_link)}</a></li>
                    <li><a href=paths::ADMIN_DASHBOARD>{tr!(locale, admin.dashboard_title)}</a></li>
                    <li><a href=paths::ADMIN_OUTBOX>{tr!(locale, admin.outbox_link)}</a></li>
                    <li><a href=paths::ADMIN_AUDIT>{tr!(locale, admin.audit_title)}</a></li>
                    {manage}
                </ul>
            </nav>
            <div class="admin-who">
                {signed_in}" "
                <form method="post" action=StaffSignOut::PATH class="inline-form">
                    <CsrfField/>
                    <button type="submit" class="link-button">{tr!(locale, common.nav_sign_out)}</button>
                </form>
            </div>
        }
    });
    view! {
        <a class="skip-link" href="#main">{tr!(locale, common.skip_to_content)}</a>
        <header class="site-header admin-header">
            <a class="brand" href=paths::ADMIN_HOME>
                {tr!(locale, common.product_name)}" · "{tr!(locale, admin.frame_name)}
            </a>
            {staff}
            <LanguageSwitcher/>
        </header>
        {data.notice.map(|notice| view! {
            <div class="notice" role="status"><p>{notice}</p></div>
        })}
        <main id="main" class="admin-main" tabindex="-1">
            {data.form.map(|state| view! { <ErrorSummary state/> })}
            {children()}
        </main>
    }
}
