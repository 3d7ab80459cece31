//! Server functions for the profile page and the fresh-link form. The profile page's forms
//! carry the link token; it is the only authority they have.

#[cfg(feature = "ssr")]
use crate::paths;

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::forms::FormState;
#[cfg(feature = "ssr")]
use crate::forms::ssr::{Accepted, Refused, settle};

#[cfg(feature = "ssr")]
use crate::forms::ssr::internal;

#[cfg(feature = "ssr")]
fn back(token: &str) -> String {
    format!(
        "/p?t={}",
        url::form_urlencoded::byte_serialize(token.as_bytes()).collect::<String>()
    )
}

/// Saves the profile page (`everything_off` for "unsubscribe from everything").
#[server(endpoint = "newsletter/profile")]
pub async fn save_profile(
    t: String,
    choices: Option<BTreeMap<String, String>>,
    everything_off: Option<String>,
) -> Result<FormState, ServerFnError> {
    use crate::i18n::{current_locale, tr};
    use crate::newsletter::ssr::profile::{manage_link_person, save_topics};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "profile";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let back = back(&t);
        let state = FormState::new(FORM);
        let Some(person) = manage_link_person(&ctx, &t).await.map_err(internal)? else {
            return Err(Refused::problem(state, tr!(current_locale(), common.link_invalid), &back));
        };
        let choices = choices.unwrap_or_default();
        let off = everything_off.is_some();
        let on = |key: &str| !off && choices.contains_key(key);
        let applied = save_topics(&ctx, &RequestInfo::current(), person.id, on)
            .await
            .map_err(internal)?;
        let awaits_confirmation = applied
            .changes
            .iter()
            .any(|c| c.to == crate::consents::model::ConsentState::Pending);
        let notice = match (applied.changes.is_empty(), off) {
            _ if applied.frozen => tr!(current_locale(), common.notice_consents_frozen),
            (true, _) => tr!(current_locale(), common.notice_nothing_changed),
            (false, true) => tr!(current_locale(), common.notice_unsubscribed_all),
            (false, false) if awaits_confirmation => tr!(current_locale(), common.notice_consents_saved_pending),
            (false, false) => tr!(current_locale(), common.notice_consents_saved),
        };
        // The page after a change offers to undo it.
        let next = match applied.change_id {
            Some(change) => format!("{back}&change={change}"),
            None => back.clone(),
        };
        Ok(Accepted::to(&next).notice(notice))
    })
    .await
}

/// Undoes the change the profile page just made.
#[server(endpoint = "newsletter/undo")]
pub async fn undo_profile_change(t: String, change: String) -> Result<FormState, ServerFnError> {
    use crate::consents::ssr::links::Followed;
    use crate::i18n::{current_locale, tr};
    use crate::newsletter::ssr::profile::undo;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "profile";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let back = back(&t);
        let state = FormState::new(FORM);
        let Ok(change) = uuid::Uuid::parse_str(&change) else {
            return Err(ServerFnError::Args("change is not a change id".into()).into());
        };
        let problem = match undo(&ctx, &RequestInfo::current(), &t, change)
            .await
            .map_err(internal)?
        {
            Followed::Done(_) => {
                return Ok(Accepted::to(&back).notice(tr!(current_locale(), common.notice_consent_undone)));
            }
            Followed::Invalid => tr!(current_locale(), common.link_invalid),
            Followed::ChangedSince => tr!(current_locale(), common.undo_changed_since),
            Followed::Restricted => tr!(current_locale(), common.undo_restricted),
        };
        Err(Refused::problem(state, problem, &back))
    })
    .await
}

/// A newsletter recipient has no password: to download, restrict or erase their data they
/// prove the address with a sign-in link, asked for here with the profile link's authority.
#[server(endpoint = "newsletter/rights-link")]
pub async fn rights_link(t: String) -> Result<FormState, ServerFnError> {
    use crate::auth::ssr::accounts::{MailRequest, request_mail};
    use crate::domain::EmailAddress;
    use crate::i18n::{current_locale, tr};
    use crate::newsletter::ssr::profile::manage_link_person;
    use crate::outbox::kinds::MailKind;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "rights_link";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let back = back(&t);
        let state = FormState::new(FORM);
        let person = manage_link_person(&ctx, &t).await.map_err(internal)?;
        let Some(email) = person.and_then(|p| EmailAddress::parse(&p.email).ok()) else {
            return Err(Refused::problem(state, tr!(current_locale(), common.link_invalid), &back));
        };
        match request_mail(&ctx, &RequestInfo::current(), &email, MailKind::SignInLink)
            .await
            .map_err(internal)?
        {
            MailRequest::Accepted => {
                Ok(Accepted::to(paths::CHECK_EMAIL).notice(tr!(current_locale(), common.notice_link_sent)))
            }
            MailRequest::Limited(verdict) => Err(Refused::limited(state, verdict.minutes(), &back)),
        }
    })
    .await
}

/// "Stop all my links": every profile link the person was sent stops working, this one too
/// (a forwarded newsletter gives nobody the page any more). Unsubscribe links keep working.
#[server(endpoint = "newsletter/revoke-links")]
pub async fn revoke_profile_links(t: String) -> Result<FormState, ServerFnError> {
    use crate::i18n::{current_locale, tr};
    use crate::newsletter::ssr::profile::revoke_by_link;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "revoke_links";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let back = back(&t);
        let state = FormState::new(FORM);
        if revoke_by_link(&ctx, &RequestInfo::current(), &t)
            .await
            .map_err(internal)?
        {
            return Ok(Accepted::to(paths::PROFILE).notice(tr!(current_locale(), common.notice_links_revoked)));
        }
        Err(Refused::problem(state, tr!(current_locale(), common.link_invalid), &back))
    })
    .await
}

/// "E-mail me a fresh link": the same answer whether or not the address is known.
#[server(endpoint = "newsletter/fresh-link")]
pub async fn fresh_link(email: String) -> Result<FormState, ServerFnError> {
    use crate::auth::ssr::accounts::MailRequest;
    use crate::i18n::{current_locale, tr};
    use crate::newsletter::ssr::profile::request_fresh_link;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "fresh_link";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let mut state = FormState::new(FORM).keep("email", &email);
        let Some(email) = state.check(crate::domain::EmailAddress::parse(&email)) else {
            return Err(Refused::form(state, paths::PROFILE));
        };
        match request_fresh_link(&ctx, &RequestInfo::current(), &email)
            .await
            .map_err(internal)?
        {
            MailRequest::Accepted => {
                Ok(Accepted::to(paths::CHECK_EMAIL).notice(tr!(current_locale(), common.notice_fresh_link_sent)))
            }
            MailRequest::Limited(verdict) => {
                Err(Refused::limited(state, verdict.minutes(), paths::PROFILE))
            }
        }
    })
    .await
}
