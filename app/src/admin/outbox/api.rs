//! Sending a dead or failing message again.

#[cfg(feature = "ssr")]
use crate::admin::guard::staff_with_role;
use crate::forms::FormState;
#[cfg(feature = "ssr")]
use crate::forms::ssr::internal;
#[cfg(feature = "ssr")]
use crate::forms::ssr::{Accepted, Refused, settle};
#[cfg(feature = "ssr")]
use crate::paths;
use leptos::prelude::*;

/// Sends a dead or failing message again (support and admin; auditors only read).
#[server(endpoint = "admin/retry-mail")]
pub async fn retry_mail(mail: String) -> Result<FormState, ServerFnError> {
    use crate::admin::outbox::ssr::Retried;
    use crate::admin::outbox::ssr::retry;
    use crate::domain::StaffRole;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "retry_mail";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let (member, _) =
            staff_with_role(&ctx, FORM, &[StaffRole::Support, StaffRole::Admin]).await?;
        let Ok(id) = uuid::Uuid::parse_str(&mail) else {
            return Err(ServerFnError::Args("mail is not an id".into()).into());
        };
        let notice = match retry(&ctx, &RequestInfo::current(), member.id, id)
            .await
            .map_err(internal)?
        {
            Retried::Done => tr!(current_locale(), admin.mail_retried),
            Retried::NotRetryable => tr!(current_locale(), admin.mail_not_retryable),
            Retried::RecordClosed => {
                return Err(Refused::sender(
                    FORM,
                    http::StatusCode::FORBIDDEN,
                    tr!(current_locale(), admin.open_first),
                    paths::ADMIN_OUTBOX,
                ));
            }
        };
        Ok(Accepted::to(paths::ADMIN_OUTBOX).notice(notice))
    })
    .await
}
