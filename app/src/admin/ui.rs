//! Widgets the staff pages share.

use crate::paths;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use crate::admin::person::api::OpenPerson;
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::t;
use crate::admin::routes::{ClosedRecord, NotAllowed as NotAllowedPage};
use crate::page::{PageData, form_state};

/// Before anything is shown: why.
#[component]
pub fn OpenRecord(id: String) -> impl IntoView {
    let text = t();
    let state = form_state("open_person");
    view! {
        <Title text=text.admin_open_title/>
        <h1>{text.admin_open_title}</h1>
        <p class="lead">{text.admin_open_lead}</p>
        <form method="post" action=OpenPerson::PATH class="stack">
            <CsrfField/>
            <input type="hidden" name="person" value=id/>
            <FormProblem problem=state.problem.clone()/>
            <Field name="reason" label=text.admin_reason_label kind="text" maxlength=500
                value=state.value("reason") error=state.error("reason")/>
            <button type="submit" class="button">{text.admin_open_submit}</button>
        </form>
        <p><a href=paths::ADMIN_HOME>{text.admin_back_to_search}</a></p>
    }
}

/// A staff page this member's role does not open.
#[component]
pub fn NotAllowed(title: &'static str) -> impl IntoView {
    let text = t();
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <div class="form-problem" role="alert"><p>{text.admin_not_allowed}</p></div>
        <p><a href=paths::ADMIN_HOME>{text.admin_back_to_search}</a></p>
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
