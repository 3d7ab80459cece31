//! Opening a person's record: only with a reason, which goes on the record and which the
//! person sees on "My data".

#[cfg(feature = "ssr")]
use crate::paths;
use leptos::prelude::*;
use crate::forms::FormState;
#[cfg(feature = "ssr")]
use crate::admin::guard::{internal, staff_with_role};

/// Opens a person's record: the reason is required and recorded before anything is shown.
#[server(endpoint = "admin/open-person")]
pub async fn open_person(person: String, reason: String) -> Result<FormState, ServerFnError> {
    use crate::admin::person::ssr::Opened;
    use crate::admin::person::ssr::open;
    use crate::forms::ssr::answer;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};
    use crate::domain::StaffRole;

    const FORM: &str = "open_person";
    let ctx = AppContext::current()?;
    let Some((member, role)) = staff_with_role(
        &ctx,
        FORM,
        &[StaffRole::Support, StaffRole::Admin, StaffRole::Auditor],
    )
    .await?
    else {
        return Ok(FormState::new(FORM));
    };
    let Ok(person_id) = uuid::Uuid::parse_str(&person) else {
        return Err(ServerFnError::Args("person is not an id".into()));
    };
    let record = format!("/admin/person?id={person_id}");
    let text = t();
    let mut state = FormState::new(FORM).keep("reason", &reason);
    match open(
        &ctx,
        &RequestInfo::current(),
        &member,
        role,
        person_id,
        &reason,
    )
    .await
    .map_err(internal)?
    {
        Opened::Done => answer(FormState::new(FORM), &record, &record, None).await,
        Opened::ReasonMissing => {
            state.refuse("reason", text.admin_reason_missing);
            answer(state, &record, &record, None).await
        }
        Opened::ReasonTooLong => {
            state.refuse("reason", text.admin_reason_too_long);
            answer(state, &record, &record, None).await
        }
        Opened::Missing => {
            state.problem = Some(text.admin_person_missing.to_owned());
            answer(state, paths::ADMIN_HOME, paths::ADMIN_HOME, None).await
        }
    }
}
