//! How the sign-in forms answer: the sign-in and link outcomes, and the one answer every
//! rate-limited form gives.

use uuid::Uuid;

use crate::forms::{
    FormState,
    ssr::{Accepted, Outcome, Refused},
};
use crate::i18n::t;
use crate::paths;
use crate::platform::{context::AppContext, rate_limit::Verdict};

/// Signs this browser in as `person` (a new session id) and goes to the account page.
pub async fn signed_in(ctx: &AppContext, person: Uuid, notice: &str) -> Outcome {
    use crate::auth::ssr::session;
    let request = crate::platform::request::RequestInfo::current();
    let browser = crate::forms::ssr::session()?;
    session::establish(&browser, session::SignedInAs::Person(person), &request, ctx.clock.now())
        .await
        .map_err(crate::forms::ssr::internal)?;
    Ok(Accepted::to(paths::MY_DATA).notice(notice))
}

/// The answer to spending an e-mailed link.
pub async fn redeemed(
    ctx: &AppContext,
    outcome: crate::auth::ssr::links::Redeemed,
    state: FormState,
    back_to: &str,
    notice: &str,
) -> Outcome {
    use crate::auth::ssr::links::Redeemed;
    match outcome {
        Redeemed::SignedIn(person) => signed_in(ctx, person, notice).await,
        Redeemed::Invalid => Err(Refused::problem(state, t().link_invalid, back_to)),
        Redeemed::Limited(verdict) => Err(limited(state, verdict, back_to)),
    }
}

pub fn limited(state: FormState, verdict: Verdict, back_to: &str) -> Refused {
    Refused::limited(state, verdict.minutes(), back_to)
}
