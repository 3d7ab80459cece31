//! What every action on a person's behalf checks first: role, opened record, reason and,
//! where asked, the identity check.

use crate::paths;

use leptos::prelude::*;
use uuid::Uuid;

use crate::admin::act::ssr::check_identity;
use crate::admin::act::ssr::reason;
use crate::forms::{
    FormState,
    ssr::{answer, refuse_with},
};
use crate::i18n::t;
use crate::platform::context::AppContext;
use crate::domain::StaffRole;

pub use crate::forms::ssr::internal;

impl Ready {
    pub fn acting<'a>(
        &'a self,
        request: &'a crate::platform::request::RequestInfo,
    ) -> crate::platform::audit::Acting<'a> {
        crate::platform::audit::Acting {
            staff_id: self.staff_id,
            person_id: self.person_id,
            reason: &self.reason,
            request,
        }
    }
}

/// Who acts, on whom, why, and where the answer goes.
pub struct Ready {
    pub staff_id: Uuid,
    pub person_id: Uuid,
    pub reason: String,
    /// The person's record, where a done action leads.
    pub record: String,
    /// The action's own page, where a refused form goes back to.
    pub back: String,
}

/// Role, opened record and reason; `None` after answering with what is wrong.
pub async fn ready(
    ctx: &AppContext,
    state: &mut FormState,
    person: &str,
    raw_reason: &str,
    page: &str,
) -> Result<Option<Ready>, ServerFnError> {
    let Some((member, _)) = crate::admin::guard::staff_with_role(
        ctx,
        &state.form,
        &[StaffRole::Support, StaffRole::Admin],
    )
    .await?
    else {
        return Ok(None);
    };
    let Ok(person_id) = Uuid::parse_str(person) else {
        return Err(ServerFnError::Args("person is not an id".into()));
    };
    let record = format!("/admin/person?id={person_id}");
    let back = format!("/admin/person/act?id={person_id}&do={page}");
    let text = t();
    if !crate::admin::person::ssr::may_view(ctx, member.id, person_id)
        .await
        .map_err(internal)?
    {
        state.problem = Some(text.admin_open_first.to_owned());
        refuse_with(state.clone(), &record, http::StatusCode::FORBIDDEN).await?;
        return Ok(None);
    }
    // Erased (perhaps by a colleague since the record was opened): nothing to act on.
    if crate::store::people::live(&ctx.db, person_id)
        .await
        .map_err(internal)?
        .is_none()
    {
        state.problem = Some(text.admin_person_missing.to_owned());
        refuse_with(state.clone(), paths::ADMIN_HOME, http::StatusCode::NOT_FOUND).await?;
        return Ok(None);
    }
    match reason(raw_reason) {
        Ok(reason) => Ok(Some(Ready {
            staff_id: member.id,
            person_id,
            reason: reason.to_owned(),
            record,
            back,
        })),
        Err(err) => {
            err.refuse(state);
            answer(state.clone(), &back, &back, None).await?;
            Ok(None)
        }
    }
}

/// How identity was checked, as it goes on the record; `None` after refusing the field.
pub async fn identity(
    ctx: &AppContext,
    state: &mut FormState,
    ready: &Ready,
    method: &str,
    how: &str,
) -> Result<Option<String>, ServerFnError> {
    match check_identity(ctx, ready.person_id, method, how)
        .await
        .map_err(internal)?
    {
        Ok(checked) => Ok(Some(checked)),
        Err(err) => {
            err.refuse(state);
            answer(state.clone(), &ready.back, &ready.back, None).await?;
            Ok(None)
        }
    }
}

pub async fn done(ready: &Ready, form: &str, notice: &str) -> Result<FormState, ServerFnError> {
    answer(
        FormState::new(form),
        &ready.back,
        &ready.record,
        Some(notice),
    )
    .await
}
