//! How the sign-in forms answer: the field messages of refused input, the sign-in and link
//! outcomes, and the one answer every rate-limited form gives.

use crate::paths;

use leptos::prelude::*;

use crate::domain::{
    EmailAddress, EmailError, NameError, NewPassword, PasswordError, PersonName,
};
use crate::forms::{FormState, ssr::answer, try_again_in};
use crate::i18n::t;
use crate::platform::rate_limit::Verdict;

pub use crate::forms::ssr::internal;

pub fn email(state: &mut FormState, raw: &str) -> Option<EmailAddress> {
    EmailAddress::parse(raw)
        .map_err(|err| {
            let text = t();
            state.refuse(
                "email",
                match err {
                    EmailError::Empty => text.email_empty,
                    EmailError::TooLong => text.email_too_long,
                    EmailError::Invalid => text.email_invalid,
                },
            )
        })
        .ok()
}

pub fn name(state: &mut FormState, raw: &str) -> Option<PersonName> {
    PersonName::parse(raw)
        .map_err(|err| {
            let text = t();
            state.refuse(
                "name",
                match err {
                    NameError::Empty => text.name_empty,
                    NameError::TooLong => text.name_too_long,
                    NameError::Forbidden => text.name_forbidden,
                },
            )
        })
        .ok()
}

pub fn new_password(state: &mut FormState, raw: &str) -> Option<NewPassword> {
    NewPassword::parse(raw)
        .map_err(|err| {
            let text = t();
            state.refuse(
                "password",
                match err {
                    PasswordError::TooShort => text.password_too_short,
                    PasswordError::TooLong => text.password_too_long,
                    PasswordError::TooCommon => text.password_too_common,
                },
            )
        })
        .ok()
}

/// Signs this browser in as `person` (a new session id) and goes to the account page.
pub async fn signed_in(
    ctx: &crate::platform::context::AppContext,
    person: uuid::Uuid,
    state: FormState,
    back_to: &str,
    notice: &str,
) -> Result<FormState, ServerFnError> {
    use crate::auth::ssr::session;
    use crate::forms::ssr::session as browser_session;
    let request = crate::platform::request::RequestInfo::current();
    session::establish(&browser_session()?, person, &request, ctx.clock.now())
        .await
        .map_err(internal)?;
    answer(state, back_to, paths::MY_DATA, Some(notice)).await
}

/// The answer to spending an e-mailed link.
pub async fn redeemed(
    ctx: &crate::platform::context::AppContext,
    outcome: crate::auth::ssr::links::Redeemed,
    mut state: FormState,
    back_to: &str,
    notice: &str,
) -> Result<FormState, ServerFnError> {
    use crate::auth::ssr::links::Redeemed;
    match outcome {
        Redeemed::SignedIn(person) => signed_in(ctx, person, state, back_to, notice).await,
        Redeemed::Invalid => {
            state.problem = Some(t().link_invalid.to_owned());
            answer(state, back_to, back_to, None).await
        }
        Redeemed::Limited(verdict) => limited(state, verdict, back_to).await,
    }
}

pub async fn limited(
    mut state: FormState,
    verdict: Verdict,
    back_to: &str,
) -> Result<FormState, ServerFnError> {
    state.problem = Some(try_again_in(verdict.minutes()));
    state.retry_after_minutes = Some(verdict.minutes());
    answer(state, back_to, back_to, None).await
}
