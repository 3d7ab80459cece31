//! Sending a dead or failing message again.

#[cfg(feature = "ssr")]
use crate::paths;
use leptos::prelude::*;
use crate::forms::FormState;
#[cfg(feature = "ssr")]
use crate::admin::guard::{internal, staff_with_role};

/// Sends a dead or failing message again (support and admin; auditors only read).
#[server(endpoint = "admin/retry-mail")]
pub async fn retry_mail(mail: String) -> Result<FormState, ServerFnError> {
    use crate::admin::outbox::ssr::Retried;
    use crate::admin::outbox::ssr::retry;
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
                paths::ADMIN_OUTBOX,
                http::StatusCode::FORBIDDEN,
            )
            .await;
        }
    };
    answer(
        FormState::new(FORM),
        paths::ADMIN_OUTBOX,
        paths::ADMIN_OUTBOX,
        Some(notice),
    )
    .await
}
