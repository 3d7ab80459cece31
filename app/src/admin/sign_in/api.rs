//! Server functions of staff sign-in, set-up and sign-out.

use crate::forms::FormState;
#[cfg(feature = "ssr")]
use crate::forms::ssr::internal;
#[cfg(feature = "ssr")]
use crate::forms::ssr::{Accepted, Refused, settle};
#[cfg(feature = "ssr")]
use crate::paths;
use leptos::prelude::*;

/// Where the codes shown once after set-up wait for their page.
#[cfg(feature = "ssr")]
pub const RECOVERY_CODES_KEY: &str = "staff_recovery_codes";

#[server(endpoint = "admin/sign-in")]
pub async fn staff_sign_in(
    email: String,
    password: String,
    code: String,
) -> Result<FormState, ServerFnError> {
    use crate::admin::sign_in::auth::StaffSignIn;
    use crate::auth::ssr::session::{SignedInAs, establish};
    use crate::admin::sign_in::auth::sign_in;
    use crate::domain::EmailAddress;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "staff_sign_in";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let request = RequestInfo::current();
        let state = FormState::new(FORM).keep("email", &email);
        let outcome = match EmailAddress::parse(&email) {
            Ok(email) => sign_in(&ctx, &request, &email, &password, &code)
                .await
                .map_err(internal)?,
            Err(_) => StaffSignIn::Refused,
        };
        match outcome {
            StaffSignIn::SignedIn(id) => {
                let session = crate::forms::ssr::session()?;
                establish(&session, SignedInAs::Staff(id), &request, ctx.clock.now())
                    .await
                    .map_err(internal)?;
                Ok(Accepted::to(paths::ADMIN_HOME))
            }
            StaffSignIn::Refused => Err(Refused::problem(
                state,
                tr!(current_locale(), admin.staff_sign_in_refused),
                paths::ADMIN_SIGN_IN,
            )),
            StaffSignIn::Limited(verdict) => Err(Refused::limited(
                state,
                verdict.minutes(),
                paths::ADMIN_SIGN_IN,
            )),
        }
    })
    .await
}

#[server(endpoint = "admin/setup")]
pub async fn complete_staff_setup(
    token: String,
    password: String,
    code: String,
) -> Result<FormState, ServerFnError> {
    use crate::admin::sign_in::setup::Enrolled;
    use crate::admin::sign_in::setup::enrol;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "staff_setup";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let locale = current_locale();
        let back = format!(
            "/admin/setup?token={}",
            url::form_urlencoded::byte_serialize(token.as_bytes()).collect::<String>()
        );
        let mut state = FormState::new(FORM);
        let Some(password) = state.check(crate::domain::NewPassword::parse(&password)) else {
            return Err(Refused::form(state, &back));
        };
        match enrol(&ctx, &RequestInfo::current(), &token, &password, &code)
            .await
            .map_err(internal)?
        {
            Enrolled::Done(codes) => {
                let session = crate::forms::ssr::session()?;
                crate::platform::shown_once::put(&session, &ctx.keys, RECOVERY_CODES_KEY, &codes)
                    .await
                    .map_err(internal)?;
                Ok(Accepted::to(paths::ADMIN_SETUP_DONE))
            }
            Enrolled::InvalidLink => Err(Refused::problem(state, tr!(locale, common.link_invalid), &back)),
            Enrolled::WrongCode => {
                state.refuse("code", tr!(locale, admin.staff_code_wrong));
                Err(Refused::form(state, &back))
            }
            Enrolled::Limited(verdict) => Err(Refused::limited(state, verdict.minutes(), &back)),
        }
    })
    .await
}

#[server(endpoint = "admin/sign-out")]
pub async fn staff_sign_out() -> Result<FormState, ServerFnError> {
    use crate::auth::ssr::session::end;

    settle("staff_sign_out", async {
        let session = crate::forms::ssr::session()?;
        end(&session).await.map_err(internal)?;
        Ok(Accepted::to(paths::ADMIN_SIGN_IN))
    })
    .await
}
