//! Server functions for the sign-in forms. Each parses its input into domain types, calls the
//! account logic, and answers with a [`FormState`] (see `forms`).

use crate::paths;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::forms::FormState;

#[cfg(feature = "ssr")]
mod answer;

#[cfg(feature = "ssr")]
use crate::forms::ssr::{Accepted, Refused, internal, settle};
#[cfg(feature = "ssr")]
use answer::*;

#[server(endpoint = "auth/sign-up")]
pub async fn sign_up(
    name: String,
    email: String,
    password: String,
) -> Result<FormState, ServerFnError> {
    use crate::auth::ssr::accounts::{self, MailRequest};
    use crate::platform::{context::AppContext, request::RequestInfo};

    use crate::domain::{EmailAddress, NewPassword, PersonName};

    const FORM: &str = "sign_up";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let mut state = FormState::new(FORM)
            .keep("name", &name)
            .keep("email", &email);
        let (name, email, password) = (
            state.check(PersonName::parse(&name)),
            state.check(EmailAddress::parse(&email)),
            state.check(NewPassword::parse(&password)),
        );
        let (Some(name), Some(email), Some(password)) = (name, email, password) else {
            return Err(Refused::form(state, paths::SIGN_UP));
        };
        match accounts::sign_up(&ctx, &RequestInfo::current(), name, email, password)
            .await
            .map_err(internal)?
        {
            MailRequest::Accepted => {
                Ok(Accepted::to(paths::CHECK_EMAIL).notice(crate::i18n::tr!(crate::i18n::current_locale(), common.notice_sign_up)))
            }
            MailRequest::Limited(verdict) => Err(limited(state, verdict, paths::SIGN_UP)),
        }
    })
    .await
}

#[server(endpoint = "auth/sign-in")]
pub async fn sign_in(email: String, password: String) -> Result<FormState, ServerFnError> {
    use crate::auth::ssr::accounts::{self, SignIn};
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "sign_in";
    const BACK: &str = paths::SIGN_IN;
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let mut state = FormState::new(FORM).keep("email", &email);
        if password.is_empty() {
            state.refuse("password", tr!(current_locale(), common.password_empty));
        }
        let email = state.check(crate::domain::EmailAddress::parse(&email));
        let Some(email) = email.filter(|_| !state.is_refused()) else {
            return Err(Refused::form(state, BACK));
        };
        match accounts::sign_in_with_password(&ctx, &RequestInfo::current(), &email, &password)
            .await
            .map_err(internal)?
        {
            SignIn::SignedIn(person) => signed_in(&ctx, person, |locale| tr!(locale, common.notice_signed_in)).await,
            SignIn::WrongCredentials => Err(Refused::problem(state, tr!(current_locale(), common.sign_in_wrong), BACK)),
            SignIn::Unconfirmed => Err(Refused::problem(state, tr!(current_locale(), common.sign_in_unconfirmed), BACK)),
            SignIn::Limited(verdict) => Err(limited(state, verdict, BACK)),
            SignIn::LinkNeeded(verdict) => {
                // Not a rate limit's "try again in": the way on is a link, asked for below.
                state.retry_after_minutes = Some(verdict.minutes());
                Err(Refused::problem(state, tr!(current_locale(), common.sign_in_link_needed), BACK))
            }
        }
    })
    .await
}

/// The forms that only take an address and may send a mail: which one, by `purpose`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MailPurpose {
    SignInLink,
    PasswordReset,
    Confirmation,
}

impl MailPurpose {
    pub fn form(self) -> &'static str {
        match self {
            Self::SignInLink => "sign_in_link",
            Self::PasswordReset => "forgot_password",
            Self::Confirmation => "resend_confirmation",
        }
    }

    pub fn page(self) -> &'static str {
        match self {
            Self::SignInLink => paths::SIGN_IN,
            Self::PasswordReset => paths::FORGOT_PASSWORD,
            Self::Confirmation => paths::RESEND_CONFIRMATION,
        }
    }
}

#[server(endpoint = "auth/request-mail")]
pub async fn request_mail(purpose: MailPurpose, email: String) -> Result<FormState, ServerFnError> {
    use crate::auth::ssr::accounts::{self, MailRequest};
    use crate::i18n::{current_locale, tr};
    use crate::outbox::kinds::MailKind;
    use crate::platform::{context::AppContext, request::RequestInfo};

    settle(purpose.form(), async {
        let ctx = AppContext::current()?;
        let mut state = FormState::new(purpose.form()).keep("email", &email);
        let Some(email) = state.check(crate::domain::EmailAddress::parse(&email)) else {
            return Err(Refused::form(state, purpose.page()));
        };
        let kind = match purpose {
            MailPurpose::SignInLink => MailKind::SignInLink,
            MailPurpose::PasswordReset => MailKind::PasswordReset,
            MailPurpose::Confirmation => MailKind::VerifyEmail,
        };
        match accounts::request_mail(&ctx, &RequestInfo::current(), &email, kind)
            .await
            .map_err(internal)?
        {
            MailRequest::Accepted => {
                let notice = match purpose {
                    MailPurpose::SignInLink => tr!(current_locale(), common.notice_link_sent),
                    MailPurpose::PasswordReset => tr!(current_locale(), common.notice_reset_sent),
                    MailPurpose::Confirmation => tr!(current_locale(), common.notice_confirmation_sent),
                };
                Ok(Accepted::to(paths::CHECK_EMAIL).notice(notice))
            }
            MailRequest::Limited(verdict) => Err(limited(state, verdict, purpose.page())),
        }
    })
    .await
}

/// What an e-mailed link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkPurpose {
    SignIn,
    Confirm,
    Reset,
}

impl LinkPurpose {
    pub fn form(self) -> &'static str {
        match self {
            Self::SignIn => "redeem_sign_in",
            Self::Confirm => "redeem_confirm",
            Self::Reset => "reset_password",
        }
    }

    pub fn page(self) -> &'static str {
        match self {
            Self::SignIn => paths::SIGN_IN_LINK,
            Self::Confirm => paths::VERIFY_EMAIL,
            Self::Reset => paths::RESET_PASSWORD,
        }
    }
}

#[cfg(feature = "ssr")]
fn token_purpose(purpose: LinkPurpose) -> crate::platform::tokens::Purpose {
    use crate::platform::tokens::Purpose;
    match purpose {
        LinkPurpose::SignIn => Purpose::SignIn,
        LinkPurpose::Confirm => Purpose::VerifyEmail,
        LinkPurpose::Reset => Purpose::PasswordReset,
    }
}

/// The button on a sign-in or confirmation link's page: only this POST spends the token.
#[server(endpoint = "auth/redeem")]
pub async fn redeem_link(purpose: LinkPurpose, token: String) -> Result<FormState, ServerFnError> {
    use crate::i18n::tr;
    use crate::platform::{context::AppContext, request::RequestInfo};

    settle(purpose.form(), async {
        let ctx = AppContext::current()?;
        let back = format!("{}?token={}", purpose.page(), urlencode(&token));
        let outcome = crate::auth::ssr::links::redeem_link(
            &ctx,
            &RequestInfo::current(),
            &token,
            token_purpose(purpose),
        )
        .await
        .map_err(internal)?;
        let notice: Notice = match purpose {
            LinkPurpose::Confirm => |locale| tr!(locale, common.notice_confirmed),
            _ => |locale| tr!(locale, common.notice_signed_in),
        };
        redeemed(&ctx, outcome, FormState::new(purpose.form()), &back, notice).await
    })
    .await
}

#[server(endpoint = "auth/reset-password")]
pub async fn reset_password(token: String, password: String) -> Result<FormState, ServerFnError> {
    use crate::i18n::tr;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "reset_password";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let back = format!("/reset-password?token={}", urlencode(&token));
        let mut state = FormState::new(FORM);
        let Some(password) = state.check(crate::domain::NewPassword::parse(&password)) else {
            return Err(Refused::form(state, &back));
        };
        let outcome = crate::auth::ssr::links::reset_password(
            &ctx,
            &RequestInfo::current(),
            &token,
            password,
        )
        .await
        .map_err(internal)?;
        redeemed(&ctx, outcome, state, &back, |locale| tr!(locale, common.notice_password_reset)).await
    })
    .await
}

#[server(endpoint = "auth/sign-out")]
pub async fn sign_out() -> Result<FormState, ServerFnError> {
    use crate::auth::ssr::{accounts, session};
    use crate::forms::ssr::session as browser_session;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    settle("sign_out", async {
        let ctx = AppContext::current()?;
        let browser = browser_session()?;
        if let Some(person) = session::signed_in_person(&browser)
            .await
            .map_err(internal)?
        {
            accounts::record_sign_out(&ctx, &RequestInfo::current(), person).await?;
        }
        session::end(&browser).await.map_err(internal)?;
        Ok(Accepted::to(paths::HOME).notice(tr!(current_locale(), common.notice_signed_out)))
    })
    .await
}

#[cfg(feature = "ssr")]
fn urlencode(raw: &str) -> String {
    url::form_urlencoded::byte_serialize(raw.as_bytes()).collect()
}
