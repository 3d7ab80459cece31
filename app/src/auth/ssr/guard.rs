//! The guard of every form a signed-in person posts: one home, below the features that use it
//! (account, consents, policy, rights).

use crate::paths;

use leptos::prelude::ServerFnError;
use uuid::Uuid;

use super::session;
use crate::forms::{
    FormState,
    ssr::{internal, refuse_with},
};

/// The signed-in person for a post of `form`; `None` after answering with the way to the
/// sign-in page (401, and the form's state says the session ended).
pub async fn signed_in_person(form: &str) -> Result<Option<Uuid>, ServerFnError> {
    let browser = crate::forms::ssr::session()?;
    if let Some(person) = session::signed_in_person(&browser).await.map_err(internal)? {
        return Ok(Some(person));
    }
    let mut state = FormState::new(form);
    state.problem = Some(crate::i18n::t().session_ended.to_owned());
    refuse_with(state, paths::SIGN_IN, http::StatusCode::UNAUTHORIZED).await?;
    Ok(None)
}
