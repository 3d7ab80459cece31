//! The guard of every form a signed-in person posts: one home, below the features that use it
//! (account, consents, policy, rights).

use leptos::prelude::ServerFnError;
use uuid::Uuid;

use super::session;
use crate::forms::{FormState, ssr::refuse_with};

/// The signed-in person for a post of `form`; `None` after answering with the way to the
/// sign-in page (401, and the form's state says the session ended).
pub async fn signed_in_person(form: &str) -> Result<Option<Uuid>, ServerFnError> {
    let browser = crate::forms::ssr::session()?;
    let signed_in: Result<_, ServerFnError> = session::signed_in_person(&browser)
        .await
        .map_err(|err| ServerFnError::ServerError(err.to_string()));
    if let Some(person) = signed_in? {
        return Ok(Some(person));
    }
    let mut state = FormState::new(form);
    state.problem = Some(crate::i18n::t().session_ended.to_owned());
    refuse_with(state, "/sign-in", http::StatusCode::UNAUTHORIZED).await?;
    Ok(None)
}
