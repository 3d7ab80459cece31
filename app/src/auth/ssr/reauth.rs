//! Proving it is still the person before a change that matters (a new address, erasure): the
//! current password, or, for a person without one, a sign-in in the last few minutes (a
//! sign-in link proves the address just as well).

use chrono::{DateTime, Duration, Utc};
use sea_orm::EntityTrait;
use uuid::Uuid;

use crate::auth::ssr::{accounts::AuthError, limits, passwords};
use crate::store::credentials;
use crate::platform::{
    context::AppContext,
    rate_limit::{Limit, Verdict},
};

/// Wrong passwords while signed in count like wrong passwords at sign-in: a stolen session
/// must not become a way to guess the password without limit.
pub const FAILURES: Limit = Limit {
    hits: 5,
    window: Duration::minutes(15),
};

/// A sign-in at most this old stands in for the password of a person who has none.
pub const FRESH_SIGN_IN: Duration = Duration::minutes(10);

#[derive(Debug, PartialEq, Eq)]
pub enum Reauth {
    Confirmed,
    WrongPassword,
    /// No password and no recent sign-in: sign in with a link first.
    SignInAgain,
    /// Too many wrong passwords: try again later.
    Limited(Verdict),
}

pub async fn check(
    ctx: &AppContext,
    person_id: Uuid,
    password: &str,
    signed_in_at: Option<DateTime<Utc>>,
) -> Result<Reauth, AuthError> {
    let now = ctx.clock.now();
    Ok(
        match credentials::Entity::find_by_id(person_id)
            .one(&ctx.db)
            .await?
        {
            Some(credential) => {
                // Reserved before the hash, refunded when right: see `auth::ssr::limits`.
                let counters = [(limits::reauth_failures(&ctx.keys, person_id), FAILURES)];
                let reserved = match limits::reserve(&ctx.db, &counters, now).await? {
                    Ok(reserved) => reserved,
                    Err(refused) => return Ok(Reauth::Limited(refused.verdict)),
                };
                match passwords::verify(password, Some(credential.password_hash)).await {
                    Ok(true) => {
                        reserved.refund(&ctx.db).await?;
                        Reauth::Confirmed
                    }
                    Ok(false) => Reauth::WrongPassword,
                    Err(passwords::HashError::Busy) => {
                        reserved.refund(&ctx.db).await?;
                        Reauth::Limited(limits::BUSY)
                    }
                    Err(err) => return Err(err.into()),
                }
            }
            None if signed_in_at.is_some_and(|at| now - at <= FRESH_SIGN_IN) => Reauth::Confirmed,
            None => Reauth::SignInAgain,
        },
    )
}
