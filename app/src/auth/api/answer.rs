//! How the sign-in forms answer: the sign-in and link outcomes, and the one answer every
//! rate-limited form gives.

use uuid::Uuid;

use crate::forms::{
    FormState,
    ssr::{Accepted, Outcome, Refused},
};
use crate::i18n::{Locale, code, current_locale, negotiate, tr};
use crate::paths;
use crate::platform::{context::AppContext, rate_limit::Verdict};

/// A notice in the language it will be read in (after sign-in, the person's own).
pub type Notice = fn(Locale) -> &'static str;

/// Signs this browser in as `person` (a new session id) and goes to the account page, from
/// now on in the person's saved language if the product has it (else the one this request
/// was answered in).
pub async fn signed_in(ctx: &AppContext, person: Uuid, notice: Notice) -> Outcome {
    use crate::auth::ssr::session;
    use sea_orm::{EntityTrait, QuerySelect};
    let request = crate::platform::request::RequestInfo::current();
    let browser = crate::forms::ssr::session()?;
    session::establish(&browser, session::SignedInAs::Person(person), &request, ctx.clock.now())
        .await
        .map_err(crate::forms::ssr::internal)?;
    let saved: Option<String> = crate::store::people::Entity::find_by_id(person)
        .select_only()
        .column(crate::store::people::Column::Language)
        .into_tuple()
        .one(&ctx.db)
        .await?;
    let locale = saved
        .as_deref()
        .and_then(negotiate::from_code)
        .unwrap_or_else(current_locale);
    browser.insert(negotiate::SESSION_KEY, code(locale)).await?;
    Ok(Accepted::to(paths::MY_DATA).notice(notice(locale)))
}

/// The answer to spending an e-mailed link.
pub async fn redeemed(
    ctx: &AppContext,
    outcome: crate::auth::ssr::links::Redeemed,
    state: FormState,
    back_to: &str,
    notice: Notice,
) -> Outcome {
    use crate::auth::ssr::links::Redeemed;
    match outcome {
        Redeemed::SignedIn(person) => signed_in(ctx, person, notice).await,
        Redeemed::Invalid => Err(Refused::problem(state, tr!(current_locale(), common.link_invalid), back_to)),
        Redeemed::Limited(verdict) => Err(limited(state, verdict, back_to)),
    }
}

pub fn limited(state: FormState, verdict: Verdict, back_to: &str) -> Refused {
    Refused::limited(state, verdict.minutes(), back_to)
}
