//! The guard of every form a signed-in person posts: one home, below the features that use it
//! (account, consents, policy, rights).

use uuid::Uuid;

use super::session;
use crate::forms::ssr::{Refused, internal};
use crate::paths;

/// The signed-in person for a post of `form`; refused with the way to the sign-in page (401,
/// the session ended) otherwise.
pub async fn signed_in_person(form: &str) -> Result<Uuid, Refused> {
    let browser = crate::forms::ssr::session()?;
    match session::signed_in_person(&browser)
        .await
        .map_err(internal)?
    {
        Some(person) => Ok(person),
        None => Err(Refused::sender(
            form,
            http::StatusCode::UNAUTHORIZED,
            crate::i18n::tr!(crate::i18n::current_locale(), common.session_ended),
            paths::SIGN_IN,
        )),
    }
}
