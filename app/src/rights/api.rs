//! Server functions of the "Your rights" page. Each checks who is signed in first. The
//! downloads are plain HTTP routes (`/account/export`, in the server crate): a file is not a
//! server function's answer.

#[cfg(feature = "ssr")]
use crate::paths;

use leptos::prelude::*;

use crate::forms::FormState;
#[cfg(feature = "ssr")]
use crate::forms::ssr::{Accepted, Refused, settle};

#[cfg(feature = "ssr")]
use crate::forms::ssr::internal;

#[cfg(feature = "ssr")]
const PAGE: &str = paths::RIGHTS;

/// Restricts processing of the signed-in person's data.
#[server(endpoint = "rights/restrict")]
pub async fn restrict_processing() -> Result<FormState, ServerFnError> {
    set_restriction(true).await
}

/// Lifts the signed-in person's restriction.
#[server(endpoint = "rights/lift")]
pub async fn lift_restriction() -> Result<FormState, ServerFnError> {
    set_restriction(false).await
}

#[cfg(feature = "ssr")]
async fn set_restriction(restricted: bool) -> Result<FormState, ServerFnError> {
    use crate::auth::ssr::guard::signed_in_person;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};
    use crate::rights::ssr::{requests::Channel, restriction};

    let form = if restricted { "restrict" } else { "lift" };
    settle(form, async {
        let person = signed_in_person(form).await?;
        let ctx = AppContext::current()?;
        let request = RequestInfo::current();
        restriction::set(&ctx, &request, person, Channel::Person, None, restricted).await?;
        let notice = if restricted {
            tr!(current_locale(), common.notice_restricted)
        } else {
            tr!(current_locale(), common.notice_restriction_lifted)
        };
        Ok(Accepted::to(PAGE).notice(notice))
    })
    .await
}

/// Erases the signed-in person, after the password (or a fresh sign-in) and an explicit "I
/// understand". Every session ends, this one included.
#[server(endpoint = "rights/erase")]
pub async fn erase_account(
    password: Option<String>,
    understood: Option<String>,
) -> Result<FormState, ServerFnError> {
    use crate::auth::ssr::guard::signed_in_person;
    use crate::auth::ssr::reauth::{Reauth, check};
    use crate::auth::ssr::session::{end, signed_in_at};
    use crate::forms::ssr::session as browser_session;
    use crate::forms::try_again_in;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};
    use crate::rights::ssr::{erasure, requests::Channel};

    const FORM: &str = "erase";
    settle(FORM, async {
        let person = signed_in_person(FORM).await?;
        let ctx = AppContext::current()?;
        let locale = current_locale();
        let mut state = FormState::new(FORM);
        if understood.is_none() {
            state.refuse("understood", tr!(locale, common.erase_confirm_required));
        }
        let browser = browser_session()?;
        let since = signed_in_at(&browser).await.map_err(internal)?;
        match check(&ctx, person, password.as_deref().unwrap_or_default(), since)
            .await
            .map_err(internal)?
        {
            Reauth::Confirmed => {}
            Reauth::WrongPassword => state.refuse("password", tr!(locale, common.current_password_wrong)),
            Reauth::SignInAgain => state.problem = Some(tr!(locale, common.sign_in_again).to_owned()),
            Reauth::Limited(verdict) => {
                state.problem = Some(try_again_in(verdict.minutes()));
                state.retry_after_minutes = Some(verdict.minutes());
            }
        }
        if state.is_refused() {
            return Err(Refused::form(state, PAGE));
        }
        erasure::erase(&ctx, &RequestInfo::current(), person, Channel::Person, None)
            .await
            .map_err(internal)?;
        end(&browser).await.map_err(internal)?;
        Ok(Accepted::to(paths::ERASED))
    })
    .await
}
