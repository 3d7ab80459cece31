//! Server functions of staff sign-in, set-up and sign-out.

#[cfg(feature = "ssr")]
use crate::paths;
use leptos::prelude::*;
use crate::forms::FormState;
#[cfg(feature = "ssr")]
use crate::admin::guard::internal;

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
    use crate::admin::sign_in::auth::establish;
    use crate::admin::sign_in::auth::sign_in;
    use crate::domain::EmailAddress;
    use crate::forms::{ssr::answer, try_again_in};
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "staff_sign_in";
    let ctx = AppContext::current()?;
    let request = RequestInfo::current();
    let mut state = FormState::new(FORM).keep("email", &email);
    let outcome = match EmailAddress::parse(&email) {
        Ok(email) => sign_in(&ctx, &request, &email, &password, &code)
            .await
            .map_err(internal)?,
        Err(_) => StaffSignIn::Refused,
    };
    match outcome {
        StaffSignIn::SignedIn(id) => {
            let session = crate::forms::ssr::session()?;
            establish(&session, id, &request, ctx.clock.now())
                .await
                .map_err(internal)?;
            answer(FormState::new(FORM), paths::ADMIN_SIGN_IN, paths::ADMIN_HOME, None).await
        }
        StaffSignIn::Refused => {
            state.problem = Some(t().staff_sign_in_refused.to_owned());
            answer(state, paths::ADMIN_SIGN_IN, paths::ADMIN_SIGN_IN, None).await
        }
        StaffSignIn::Limited(verdict) => {
            state.problem = Some(try_again_in(verdict.minutes()));
            state.retry_after_minutes = Some(verdict.minutes());
            answer(state, paths::ADMIN_SIGN_IN, paths::ADMIN_SIGN_IN, None).await
        }
    }
}

#[server(endpoint = "admin/setup")]
pub async fn complete_staff_setup(
    token: String,
    password: String,
    code: String,
) -> Result<FormState, ServerFnError> {
    use crate::admin::sign_in::setup::Enrolled;
    use crate::admin::sign_in::setup::enrol;
    use crate::forms::ssr::answer;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "staff_setup";
    let ctx = AppContext::current()?;
    let text = t();
    let back = format!(
        "/admin/setup?token={}",
        url::form_urlencoded::byte_serialize(token.as_bytes()).collect::<String>()
    );
    let mut state = FormState::new(FORM);
    let Some(password) = crate::auth::api::parse_new_password(&mut state, &password) else {
        return answer(state, &back, &back, None).await;
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
            answer(FormState::new(FORM), &back, paths::ADMIN_SETUP_DONE, None).await
        }
        Enrolled::InvalidLink => {
            state.problem = Some(text.link_invalid.to_owned());
            answer(state, &back, &back, None).await
        }
        Enrolled::WrongCode => {
            state.refuse("code", text.staff_code_wrong);
            answer(state, &back, &back, None).await
        }
        Enrolled::Limited(verdict) => {
            state.problem = Some(crate::forms::try_again_in(verdict.minutes()));
            state.retry_after_minutes = Some(verdict.minutes());
            answer(state, &back, &back, None).await
        }
    }
}

#[server(endpoint = "admin/sign-out")]
pub async fn staff_sign_out() -> Result<FormState, ServerFnError> {
    use crate::auth::ssr::session::end;
    use crate::forms::ssr::answer;

    let session = crate::forms::ssr::session()?;
    end(&session).await.map_err(internal)?;
    answer(
        FormState::new("staff_sign_out"),
        paths::ADMIN_HOME,
        paths::ADMIN_SIGN_IN,
        None,
    )
    .await
}
