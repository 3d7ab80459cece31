//! The guard of every staff form: a signed-in member with one of the roles it needs.

use crate::domain::StaffRole;
use crate::forms::ssr::Refused;
use crate::paths;
use crate::platform::context::AppContext;
use crate::store::staff;

/// The signed-in staff member if their role is one of `allowed`; refused with 401 (not signed
/// in) or 403 (wrong role) otherwise. Every admin server function that changes something calls
/// it first.
pub async fn staff_with_role(
    ctx: &AppContext,
    form: &str,
    allowed: &[StaffRole],
) -> Result<(staff::Model, StaffRole), Refused> {
    let session = crate::forms::ssr::session()?;
    let (status, to) = match crate::admin::sign_in::auth::signed_in_staff(ctx, &session).await? {
        Some((member, role)) if allowed.contains(&role) => return Ok((member, role)),
        Some(_) => (http::StatusCode::FORBIDDEN, paths::ADMIN_HOME),
        None => (http::StatusCode::UNAUTHORIZED, paths::ADMIN_SIGN_IN),
    };
    Err(Refused::sender(
        form,
        status,
        crate::i18n::tr!(crate::i18n::current_locale(), common.admin_not_allowed),
        to,
    ))
}
