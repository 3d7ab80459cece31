//! Server functions of the admin view: staff sign-in, set-up, sign-out.

use leptos::prelude::*;

use crate::forms::FormState;

#[cfg(feature = "ssr")]
fn internal(err: impl std::fmt::Display) -> ServerFnError {
    ServerFnError::ServerError(err.to_string())
}

/// Where the codes shown once after set-up wait for their page.
#[cfg(feature = "ssr")]
pub const RECOVERY_CODES_KEY: &str = "staff_recovery_codes";

#[server(endpoint = "admin/sign-in")]
pub async fn staff_sign_in(
    email: String,
    password: String,
    code: String,
) -> Result<FormState, ServerFnError> {
    use crate::admin::ssr::auth::{StaffSignIn, establish, sign_in};
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
            answer(FormState::new(FORM), "/admin/sign-in", "/admin", None).await
        }
        StaffSignIn::Refused => {
            state.problem = Some(t().staff_sign_in_refused.to_owned());
            answer(state, "/admin/sign-in", "/admin/sign-in", None).await
        }
        StaffSignIn::Limited(verdict) => {
            state.problem = Some(try_again_in(verdict.minutes()));
            state.retry_after_minutes = Some(verdict.minutes());
            answer(state, "/admin/sign-in", "/admin/sign-in", None).await
        }
    }
}

#[server(endpoint = "admin/setup")]
pub async fn complete_staff_setup(
    token: String,
    password: String,
    code: String,
) -> Result<FormState, ServerFnError> {
    use crate::admin::ssr::auth::{Enrolled, enrol};
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
            answer(FormState::new(FORM), &back, "/admin/setup/done", None).await
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
        "/admin",
        "/admin/sign-in",
        None,
    )
    .await
}

/// Opens a person's record: the reason is required and recorded before anything is shown.
#[server(endpoint = "admin/open-person")]
pub async fn open_person(person: String, reason: String) -> Result<FormState, ServerFnError> {
    use crate::admin::ssr::person::{Opened, open};
    use crate::forms::ssr::answer;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};
    use crate::domain::StaffRole;

    const FORM: &str = "open_person";
    let ctx = AppContext::current()?;
    let Some((member, role)) = staff_with_role(
        &ctx,
        FORM,
        &[StaffRole::Support, StaffRole::Admin, StaffRole::Auditor],
    )
    .await?
    else {
        return Ok(FormState::new(FORM));
    };
    let Ok(person_id) = uuid::Uuid::parse_str(&person) else {
        return Err(ServerFnError::Args("person is not an id".into()));
    };
    let record = format!("/admin/person?id={person_id}");
    let text = t();
    let mut state = FormState::new(FORM).keep("reason", &reason);
    match open(
        &ctx,
        &RequestInfo::current(),
        &member,
        role,
        person_id,
        &reason,
    )
    .await
    .map_err(internal)?
    {
        Opened::Done => answer(FormState::new(FORM), &record, &record, None).await,
        Opened::ReasonMissing => {
            state.refuse("reason", text.admin_reason_missing);
            answer(state, &record, &record, None).await
        }
        Opened::ReasonTooLong => {
            state.refuse("reason", text.admin_reason_too_long);
            answer(state, &record, &record, None).await
        }
        Opened::Missing => {
            state.problem = Some(text.admin_person_missing.to_owned());
            answer(state, "/admin", "/admin", None).await
        }
    }
}

/// The signed-in staff member if their role is one of `allowed`; otherwise answers 401 (not
/// signed in) or 403 (wrong role) and `None`. Every admin server function that changes
/// something calls it first.
#[cfg(feature = "ssr")]
pub async fn staff_with_role(
    ctx: &crate::platform::context::AppContext,
    form: &str,
    allowed: &[crate::domain::StaffRole],
) -> Result<Option<(crate::store::staff::Model, crate::domain::StaffRole)>, ServerFnError> {
    use crate::forms::ssr::refuse_with;

    let session = crate::forms::ssr::session()?;
    let found = crate::admin::ssr::auth::signed_in_staff(ctx, &session)
        .await
        .map_err(internal)?;
    let status = match &found {
        Some((_, role)) if allowed.contains(role) => return Ok(found),
        Some(_) => http::StatusCode::FORBIDDEN,
        None => http::StatusCode::UNAUTHORIZED,
    };
    let mut state = FormState::new(form);
    state.problem = Some(crate::i18n::t().admin_not_allowed.to_owned());
    let back = if found.is_some() {
        "/admin"
    } else {
        "/admin/sign-in"
    };
    refuse_with(state, back, status).await?;
    Ok(None)
}

/// Sends a dead or failing message again (support and admin; auditors only read).
#[server(endpoint = "admin/retry-mail")]
pub async fn retry_mail(mail: String) -> Result<FormState, ServerFnError> {
    use crate::admin::ssr::outbox::{Retried, retry};
    use crate::forms::ssr::answer;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};
    use crate::domain::StaffRole;

    const FORM: &str = "retry_mail";
    let ctx = AppContext::current()?;
    let Some((member, _)) =
        staff_with_role(&ctx, FORM, &[StaffRole::Support, StaffRole::Admin]).await?
    else {
        return Ok(FormState::new(FORM));
    };
    let Ok(id) = uuid::Uuid::parse_str(&mail) else {
        return Err(ServerFnError::Args("mail is not an id".into()));
    };
    let notice = match retry(&ctx, &RequestInfo::current(), member.id, id)
        .await
        .map_err(internal)?
    {
        Retried::Done => t().admin_mail_retried,
        Retried::NotRetryable => t().admin_mail_not_retryable,
        Retried::RecordClosed => {
            let mut state = FormState::new(FORM);
            state.problem = Some(t().admin_open_first.to_owned());
            return crate::forms::ssr::refuse_with(
                state,
                "/admin/outbox",
                http::StatusCode::FORBIDDEN,
            )
            .await;
        }
    };
    answer(
        FormState::new(FORM),
        "/admin/outbox",
        "/admin/outbox",
        Some(notice),
    )
    .await
}
