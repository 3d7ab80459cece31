//! What every management form shares: the admin guard and the answers.

use crate::paths;

use leptos::prelude::*;

pub use crate::admin::guard::internal;
use crate::domain::StaffRole;
use crate::forms::{FormState, ssr::answer};
use crate::platform::context::AppContext;
use crate::store::staff;

/// The signed-in admin; `None` after answering 401 or 403.
pub async fn admin(ctx: &AppContext, form: &str) -> Result<Option<staff::Model>, ServerFnError> {
    Ok(crate::admin::guard::staff_with_role(ctx, form, &[StaffRole::Admin])
        .await?
        .map(|(member, _)| member))
}

pub async fn refused(state: FormState, back: &str) -> Result<FormState, ServerFnError> {
    answer(state, back, back, None).await
}

pub async fn done(form: &str, notice: &str) -> Result<FormState, ServerFnError> {
    answer(FormState::new(form), paths::ADMIN_MANAGE, paths::ADMIN_MANAGE, Some(notice)).await
}

pub fn id(raw: &str) -> Result<uuid::Uuid, ServerFnError> {
    uuid::Uuid::parse_str(raw).map_err(|_| ServerFnError::Args("not an id".into()))
}
