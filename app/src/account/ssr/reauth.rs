//! Proving it is still the person before a change that matters (a new address, erasure): the
//! current password, or, for a person without one, a sign-in in the last few minutes (a
//! sign-in link proves the address just as well).

use chrono::{DateTime, Duration, Utc};
use sea_orm::EntityTrait;
use uuid::Uuid;

use crate::auth::ssr::{
    accounts::{AuthError, credentials},
    passwords,
};
use crate::platform::{
    context::AppContext,
    rate_limit::{self, Limit, Verdict},
};

/// Wrong passwords while signed in count like wrong passwords at sign-in: a stolen session
/// must not become a way to guess the password without limit.
pub const FAILURES: Limit = Limit {
    hits: 5,
    window: Duration::minutes(15),
};

fn failures_key(ctx: &AppContext, person_id: Uuid) -> String {
    format!(
        "reauth:fail:{}",
        ctx.keys.rate_limit_tag(&person_id.to_string())
    )
}

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
                let key = failures_key(ctx, person_id);
                let verdict = rate_limit::is_limited(&ctx.db, &key, FAILURES, now).await?;
                if verdict != Verdict::Allowed {
                    return Ok(Reauth::Limited(verdict));
                }
                if passwords::verify(password, Some(credential.password_hash)).await? {
                    rate_limit::clear(&ctx.db, &key).await?;
                    Reauth::Confirmed
                } else {
                    rate_limit::hit(&ctx.db, &key, FAILURES, now).await?;
                    Reauth::WrongPassword
                }
            }
            None if signed_in_at.is_some_and(|at| now - at <= FRESH_SIGN_IN) => Reauth::Confirmed,
            None => Reauth::SignInAgain,
        },
    )
}
