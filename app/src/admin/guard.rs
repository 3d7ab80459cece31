//! The guard of every staff form: a signed-in member with one of the roles it needs.

use crate::paths;

use leptos::prelude::*;
use crate::forms::FormState;

pub use crate::forms::ssr::internal;

/// The signed-in staff member if their role is one of `allowed`; otherwise answers 401 (not
/// signed in) or 403 (wrong role) and `None`. Every admin server function that changes
/// something calls it first.
pub async fn staff_with_role(
    ctx: &crate::platform::context::AppContext,
    form: &str,
    allowed: &[crate::domain::StaffRole],
) -> Result<Option<(crate::store::staff::Model, crate::domain::StaffRole)>, ServerFnError> {
    use crate::forms::ssr::refuse_with;

    let session = crate::forms::ssr::session()?;
    let found = crate::admin::sign_in::auth::signed_in_staff(ctx, &session)
        .await
        .map_err(internal)?;
    let status = match &found {
        Some((_, role)) if allowed.contains(role) => return Ok(found),
        Some(_) => http::StatusCode::FORBIDDEN,
        None => http::StatusCode::UNAUTHORIZED,
    };
    let mut state = FormState::new(form);
    state.problem = Some(crate::i18n::t().admin_not_allowed.to_owned());
    let back = if found.is_some() {
        paths::ADMIN_HOME
    } else {
        paths::ADMIN_SIGN_IN
    };
    refuse_with(state, back, status).await?;
    Ok(None)
}
