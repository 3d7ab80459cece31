//! Server functions of the security and address pages: the password, sign-in links and
//! sessions, and changing the e-mail address. Each checks who is signed in first.

#[cfg(feature = "ssr")]
use crate::paths;

#[cfg(feature = "ssr")]
use super::api::support::*;
use crate::forms::FormState;
#[cfg(feature = "ssr")]
use crate::forms::ssr::{Accepted, Refused, settle};
use leptos::prelude::*;

#[server(endpoint = "account/password")]
pub async fn change_password(
    current_password: String,
    password: String,
    end_other_sessions: Option<String>,
) -> Result<FormState, ServerFnError> {
    use crate::account::ssr::security::{self, PasswordChange};
    use crate::auth::ssr::session::current_key;

    use crate::forms::ssr::session as browser_session;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "password";
    settle(FORM, async {
        let person = signed_in_person(FORM).await?;
        let ctx = AppContext::current()?;
        let locale = current_locale();
        let mut state = FormState::new(FORM);
        if current_password.is_empty() {
            state.refuse("current_password", tr!(locale, common.password_empty));
        }
        let new = state.check(crate::domain::NewPassword::parse(&password));
        let Some(new) = new.filter(|_| !state.is_refused()) else {
            return Err(Refused::form(state, paths::SECURITY));
        };
        let key = current_key(&browser_session()?);
        let outcome = security::change_password(
            &ctx,
            &RequestInfo::current(),
            person,
            &current_password,
            new,
            end_other_sessions.is_some(),
            key.as_deref(),
        )
        .await
        .map_err(internal)?;
        match outcome {
            PasswordChange::Changed { .. } => {
                Ok(Accepted::to(paths::SECURITY).notice(tr!(locale, common.notice_password_changed)))
            }
            PasswordChange::WrongCurrentPassword => {
                state.refuse("current_password", tr!(locale, common.current_password_wrong));
                Err(Refused::form(state, paths::SECURITY))
            }
            PasswordChange::Limited(verdict) => {
                Err(Refused::limited(state, verdict.minutes(), paths::SECURITY))
            }
        }
    })
    .await
}

/// Ends every profile link the person's newsletters carried (unsubscribe links keep working).
#[server(endpoint = "account/revoke-links")]
pub async fn revoke_links() -> Result<FormState, ServerFnError> {
    use crate::i18n::{current_locale, tr};
    use crate::newsletter::ssr::profile;
    use crate::platform::{
        audit::Actor, context::AppContext, db::begin_write, request::RequestInfo,
    };

    const FORM: &str = "revoke_links";
    settle(FORM, async {
        let person = signed_in_person(FORM).await?;
        let ctx = AppContext::current()?;
        let txn = begin_write(&ctx.db).await.map_err(internal)?;
        let request = RequestInfo::current();
        profile::revoke_links(
            &txn,
            person,
            Actor::Person(person),
            None,
            &request,
            ctx.clock.now(),
        )
        .await
        .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        Ok(Accepted::to(paths::SECURITY).notice(tr!(current_locale(), common.notice_links_revoked)))
    })
    .await
}

#[server(endpoint = "account/end-session")]
pub async fn end_session(session: String) -> Result<FormState, ServerFnError> {
    use crate::account::ssr::security;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "sessions";
    settle(FORM, async {
        let person = signed_in_person(FORM).await?;
        let ctx = AppContext::current()?;
        security::end_session(&ctx, &RequestInfo::current(), person, &session)
            .await
            .map_err(internal)?;
        Ok(Accepted::to(paths::SECURITY).notice(tr!(current_locale(), common.notice_session_ended)))
    })
    .await
}

#[server(endpoint = "account/email")]
pub async fn request_email_change(
    email: String,
    password: Option<String>,
) -> Result<FormState, ServerFnError> {
    use crate::account::ssr::email_change::{self, Requested};
    use crate::auth::ssr::session::signed_in_at;
    use crate::forms::ssr::session as browser_session;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "email";
    settle(FORM, async {
        let person = signed_in_person(FORM).await?;
        let ctx = AppContext::current()?;
        let locale = current_locale();
        let mut state = FormState::new(FORM).keep("email", &email);
        let Some(email) = state.check(crate::domain::EmailAddress::parse(&email)) else {
            return Err(Refused::form(state, paths::EMAIL));
        };
        let since = signed_in_at(&browser_session()?).await.map_err(internal)?;
        let outcome = email_change::request(
            &ctx,
            &RequestInfo::current(),
            person,
            &email,
            password.as_deref().unwrap_or_default(),
            since,
        )
        .await
        .map_err(internal)?;
        match outcome {
            Requested::Accepted => {
                Ok(Accepted::to(paths::MY_DATA).notice(tr!(locale, common.notice_email_change_sent)))
            }
            Requested::WrongPassword => {
                state.refuse("password", tr!(locale, common.current_password_wrong));
                Err(Refused::form(state, paths::EMAIL))
            }
            Requested::SameAddress => {
                state.refuse("email", tr!(locale, common.email_same));
                Err(Refused::form(state, paths::EMAIL))
            }
            Requested::SignInAgain => {
                Err(Refused::problem(state, tr!(locale, common.sign_in_again), paths::EMAIL))
            }
            Requested::Limited(verdict) => {
                Err(Refused::limited(state, verdict.minutes(), paths::EMAIL))
            }
        }
    })
    .await
}

/// The buttons on the pages the e-mail change links open: `confirm` (from the new address) or
/// `cancel` (from the old one).
#[server(endpoint = "account/email-link")]
pub async fn email_change_link(action: String, token: String) -> Result<FormState, ServerFnError> {
    use crate::account::ssr::email_change::{self, Cancelled, Confirmed};
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    let locale = current_locale();
    let page = match action.as_str() {
        "confirm" => paths::EMAIL_CONFIRM,
        "cancel" => paths::EMAIL_CANCEL,
        _ => return Err(ServerFnError::Args(format!("unknown action {action}"))),
    };
    const FORM: &str = "email_link";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let request = RequestInfo::current();
        let back = format!(
            "{page}?token={}",
            url::form_urlencoded::byte_serialize(token.as_bytes()).collect::<String>()
        );
        let notice = if action == "confirm" {
            match email_change::confirm(&ctx, &request, &token).await? {
                Confirmed::Changed => Some(tr!(locale, common.notice_email_changed)),
                Confirmed::Invalid => None,
            }
        } else {
            match email_change::cancel(&ctx, &request, &token).await? {
                Cancelled::Stopped => Some(tr!(locale, common.notice_email_change_stopped)),
                Cancelled::Undone => Some(tr!(locale, common.notice_email_change_undone)),
                Cancelled::Invalid => None,
            }
        };
        match notice {
            Some(notice) => Ok(Accepted::to(paths::HOME).notice(notice)),
            None => Err(Refused::problem(
                FormState::new(FORM),
                tr!(locale, common.link_invalid),
                back,
            )),
        }
    })
    .await
}
