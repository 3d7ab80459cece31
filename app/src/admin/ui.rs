//! Widgets the staff pages share.

use crate::paths;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use crate::admin::person::api::OpenPerson;
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::{current_locale, tr};
use crate::admin::routes::{ClosedRecord, NotAllowed as NotAllowedPage};
use crate::page::{PageData, form_state};

/// Before anything is shown: why.
#[component]
pub fn OpenRecord(id: String) -> impl IntoView {
    let locale = current_locale();
    let state = form_state("open_person");
    view! {
        <Title text={tr!(locale, admin.open_title)}/>
        <h1>{tr!(locale, admin.open_title)}</h1>
        <p class="lead">{tr!(locale, admin.open_lead)}</p>
        <form method="post" action=OpenPerson::PATH class="stack">
            <CsrfField/>
            <input type="hidden" name="person" value=id/>
            <FormProblem problem=state.problem.clone()/>
            <Field name="reason" label={tr!(locale, admin.reason_label)} kind="text" maxlength=500
                value=state.value("reason") error=state.error("reason")/>
            <button type="submit" class="button">{tr!(locale, admin.open_submit)}</button>
        </form>
        <p><a href=paths::ADMIN_HOME>{tr!(locale, admin.back_to_search)}</a></p>
    }
}

/// A staff page this member's role does not open.
#[component]
pub fn NotAllowed(title: &'static str) -> impl IntoView {
    let locale = current_locale();
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <div class="form-problem" role="alert"><p>{tr!(locale, common.admin_not_allowed)}</p></div>
        <p><a href=paths::ADMIN_HOME>{tr!(locale, admin.back_to_search)}</a></p>
    }
}

/// What a staff page shows instead of its own content when its loader said the role does not
/// open it, or that the person's record must be opened with a reason first; `None` otherwise.
pub fn instead(data: &PageData, title: &'static str) -> Option<AnyView> {
    if data.is::<NotAllowedPage>() {
        return Some(view! { <NotAllowed title=title/> }.into_any());
    }
    data.get::<ClosedRecord>().map(|ClosedRecord(id)| view! { <OpenRecord id=id/> }.into_any())
}
