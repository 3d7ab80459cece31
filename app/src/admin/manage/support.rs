//! What every management form shares: the admin guard and the answers.

use crate::paths;

use leptos::prelude::ServerFnError;

use crate::domain::StaffRole;
pub use crate::forms::ssr::internal;
pub use crate::forms::{
    FormState,
    ssr::{Accepted, Outcome, Refused, settle},
};
use crate::platform::context::AppContext;
use crate::store::staff;

/// The signed-in admin, or refused with 401 or 403.
pub async fn admin(ctx: &AppContext, form: &str) -> Result<staff::Model, Refused> {
    Ok(
        crate::admin::guard::staff_with_role(ctx, form, &[StaffRole::Admin])
            .await?
            .0,
    )
}

/// The management form goes back to `back` with its messages.
pub fn refused(state: FormState, back: &str) -> Outcome {
    Err(Refused::form(state, back))
}

/// Done: back to the management page with `notice`.
pub fn done(notice: &str) -> Outcome {
    Ok(Accepted::to(paths::ADMIN_MANAGE).notice(notice))
}

pub fn id(raw: &str) -> Result<uuid::Uuid, ServerFnError> {
    uuid::Uuid::parse_str(raw).map_err(|_| ServerFnError::Args("not an id".into()))
}
