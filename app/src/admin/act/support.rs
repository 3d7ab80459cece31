//! What every action on a person's behalf checks first: role, opened record, reason and,
//! where asked, the identity check.

use crate::paths;

use leptos::prelude::*;
use uuid::Uuid;

use crate::admin::act::ssr::check_identity;
use crate::admin::act::ssr::reason;
use crate::domain::StaffRole;
pub use crate::forms::{
    FormState,
    ssr::{Accepted, Outcome, Refused, settle},
};
use crate::i18n::{current_locale, tr};
use crate::platform::context::AppContext;

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

/// Role, opened record and reason, or refused with what is wrong (the form's `state` goes back
/// with the reason's message).
pub async fn ready(
    ctx: &AppContext,
    state: &FormState,
    person: &str,
    raw_reason: &str,
    page: &str,
) -> Result<Ready, Refused> {
    let (member, _) = crate::admin::guard::staff_with_role(
        ctx,
        &state.form,
        &[StaffRole::Support, StaffRole::Admin],
    )
    .await?;
    let Ok(person_id) = Uuid::parse_str(person) else {
        return Err(ServerFnError::Args("person is not an id".into()).into());
    };
    let record = format!("/admin/person?id={person_id}");
    let back = format!("/admin/person/act?id={person_id}&do={page}");
    let locale = current_locale();
    if !crate::admin::person::ssr::may_view(ctx, member.id, person_id).await? {
        return Err(Refused::sender(
            &state.form,
            http::StatusCode::FORBIDDEN,
            tr!(locale, admin.open_first),
            record,
        ));
    }
    // Erased (perhaps by a colleague since the record was opened): nothing to act on.
    if crate::store::people::live(&ctx.db, person_id)
        .await?
        .is_none()
    {
        return Err(Refused::sender(
            &state.form,
            http::StatusCode::NOT_FOUND,
            tr!(locale, admin.person_missing),
            paths::ADMIN_HOME,
        ));
    }
    match reason(raw_reason) {
        Ok(reason) => Ok(Ready {
            staff_id: member.id,
            person_id,
            reason: reason.to_owned(),
            record,
            back,
        }),
        Err(err) => {
            let mut state = state.clone();
            state.refuse_value(&err);
            Err(Refused::form(state, back))
        }
    }
}

impl Ready {
    /// The action's form goes back to its page with `state`'s messages.
    pub fn refuse(&self, state: FormState) -> Refused {
        Refused::form(state, &self.back)
    }

    /// Done: the person's record, with `notice`.
    pub fn done(&self, notice: &str) -> Outcome {
        Ok(Accepted::to(&self.record).notice(notice))
    }

    /// How identity was checked, as it goes on the record; `None` after refusing the field
    /// on `state`.
    pub async fn identity(
        &self,
        ctx: &AppContext,
        state: &mut FormState,
        method: &str,
        how: &str,
    ) -> Result<Option<String>, sea_orm::DbErr> {
        Ok(check_identity(ctx, self.person_id, method, how)
            .await?
            .map_err(|err| state.refuse_value(&err))
            .ok())
    }
}
