//! Opening a person's record: only with a reason, which goes on the record and which the
//! person sees on "My data".

#[cfg(feature = "ssr")]
use crate::admin::guard::staff_with_role;
use crate::forms::FormState;
#[cfg(feature = "ssr")]
use crate::forms::ssr::internal;
#[cfg(feature = "ssr")]
use crate::forms::ssr::{Accepted, Refused, settle};
#[cfg(feature = "ssr")]
use crate::paths;
use leptos::prelude::*;

/// Opens a person's record: the reason is required and recorded before anything is shown.
#[server(endpoint = "admin/open-person")]
pub async fn open_person(person: String, reason: String) -> Result<FormState, ServerFnError> {
    use crate::admin::person::ssr::Opened;
    use crate::admin::person::ssr::open;
    use crate::domain::StaffRole;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "open_person";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let (member, role) = staff_with_role(
            &ctx,
            FORM,
            &[StaffRole::Support, StaffRole::Admin, StaffRole::Auditor],
        )
        .await?;
        let Ok(person_id) = uuid::Uuid::parse_str(&person) else {
            return Err(ServerFnError::Args("person is not an id".into()).into());
        };
        let record = format!("/admin/person?id={person_id}");
        let locale = current_locale();
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
            Opened::Done => Ok(Accepted::to(&record)),
            Opened::ReasonMissing => {
                state.refuse("reason", tr!(locale, admin.reason_missing));
                Err(Refused::form(state, &record))
            }
            Opened::ReasonTooLong => {
                state.refuse("reason", tr!(locale, admin.reason_too_long));
                Err(Refused::form(state, &record))
            }
            Opened::Missing => Err(Refused::problem(
                state,
                tr!(locale, admin.person_missing),
                paths::ADMIN_HOME,
            )),
        }
    })
    .await
}
