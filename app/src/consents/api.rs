//! Server functions for choosing consents, the public subscribe form, and the consent links.

#[cfg(feature = "ssr")]
use crate::paths;

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::forms::FormState;
#[cfg(feature = "ssr")]
use crate::forms::ssr::{Accepted, Refused, settle};

#[cfg(feature = "ssr")]
use crate::forms::ssr::internal;

/// Applies the signed-in person's own choice from the consents page, in one transaction:
/// `choices` as posted, or every topic off (`None`).
#[cfg(feature = "ssr")]
async fn choose_own(
    form: &str,
    choices: Option<&BTreeMap<String, String>>,
) -> Result<crate::consents::ssr::ledger::Applied, crate::forms::ssr::Refused> {
    use crate::consents::model::Source;
    use crate::consents::ssr::ledger::{Who, choose, current_topics, wanted_from};
    use crate::platform::{
        audit::Actor, context::AppContext, db::begin_write, request::RequestInfo,
    };

    let person = crate::auth::ssr::guard::signed_in_person(form).await?;
    let ctx = AppContext::current()?;
    let request = RequestInfo::current();
    let txn = begin_write(&ctx.db).await.map_err(internal)?;
    let wanted = match choices {
        Some(choices) => wanted_from(&txn, choices).await.map_err(internal)?,
        None => current_topics(&txn)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|t| (t.key, false))
            .collect(),
    };
    let who = Who {
        source: Source::AccountPage,
        actor: Actor::Person(person),
        reason: None,
        request: &request,
    };
    let applied = choose(&ctx, &txn, person, &wanted, &who)
        .await
        .map_err(internal)?;
    txn.commit().await.map_err(internal)?;
    ctx.wake_outbox();
    Ok(applied)
}

/// Saves the consents page. Checkboxes are named `choices[<topic>]`; a topic without one is
/// off. All shown topics are saved together: one ledger change, one e-mail.
#[server(endpoint = "consents/save")]
pub async fn save_consents(
    choices: Option<BTreeMap<String, String>>,
) -> Result<FormState, ServerFnError> {
    use crate::i18n::{current_locale, tr};

    const FORM: &str = "consents";
    settle(FORM, async {
        let applied = choose_own(FORM, Some(&choices.unwrap_or_default())).await?;
        let notice = if applied.frozen {
            tr!(current_locale(), common.notice_consents_frozen)
        } else if applied.changes.is_empty() {
            tr!(current_locale(), common.notice_nothing_changed)
        } else {
            tr!(current_locale(), common.notice_consents_saved)
        };
        Ok(Accepted::to(paths::CONSENTS).notice(notice))
    })
    .await
}

/// "Unsubscribe from everything": every topic off, in one step.
#[server(endpoint = "consents/unsubscribe-all")]
pub async fn unsubscribe_all() -> Result<FormState, ServerFnError> {
    use crate::i18n::{current_locale, tr};

    const FORM: &str = "consents";
    settle(FORM, async {
        let applied = choose_own(FORM, None).await?;
        let notice = if applied.changes.is_empty() {
            tr!(current_locale(), common.notice_nothing_changed)
        } else {
            tr!(current_locale(), common.notice_unsubscribed_all)
        };
        Ok(Accepted::to(paths::CONSENTS).notice(notice))
    })
    .await
}

/// The public newsletter sign-up. Same answer whether or not the address is known.
#[server(endpoint = "consents/subscribe")]
pub async fn subscribe(email: String) -> Result<FormState, ServerFnError> {
    use crate::auth::ssr::accounts::MailRequest;
    use crate::consents::ssr::subscribe::subscribe as subscribe_address;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "subscribe";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let mut state = FormState::new(FORM).keep("email", &email);
        let Some(email) = state.check(crate::domain::EmailAddress::parse(&email)) else {
            return Err(Refused::form(state, paths::SUBSCRIBE));
        };
        match subscribe_address(&ctx, &RequestInfo::current(), &email)
            .await
            .map_err(internal)?
        {
            MailRequest::Accepted => {
                Ok(Accepted::to(paths::CHECK_EMAIL).notice(tr!(current_locale(), common.notice_subscribe_sent)))
            }
            MailRequest::Limited(verdict) => {
                Err(Refused::limited(state, verdict.minutes(), paths::SUBSCRIBE))
            }
        }
    })
    .await
}

/// The button on the pages consent e-mails' links open: `confirm` or `undo`.
#[server(endpoint = "consents/link")]
pub async fn consent_link(action: String, token: String) -> Result<FormState, ServerFnError> {
    use crate::consents::ssr::links::{Followed, follow};
    use crate::i18n::{current_locale, tr};
    use crate::platform::tokens::Purpose;
    use crate::platform::{context::AppContext, request::RequestInfo};

    let locale = current_locale();
    let (purpose, page, done) = match action.as_str() {
        "confirm" => (
            Purpose::ConsentConfirm,
            paths::CONSENT_CONFIRM,
            tr!(locale, common.notice_consent_confirmed),
        ),
        "undo" => (
            Purpose::ConsentUndo,
            paths::CONSENT_UNDO,
            tr!(locale, common.notice_consent_undone),
        ),
        _ => return Err(ServerFnError::Args(format!("unknown action {action}"))),
    };
    const FORM: &str = "consent_link";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let back = format!(
            "{page}?token={}",
            url::form_urlencoded::byte_serialize(token.as_bytes()).collect::<String>()
        );
        let problem = match follow(&ctx, &RequestInfo::current(), &token, purpose).await? {
            Followed::Done(_) => return Ok(Accepted::to(paths::HOME).notice(done)),
            Followed::Invalid => tr!(locale, common.link_invalid),
            Followed::ChangedSince => tr!(locale, common.undo_changed_since),
            Followed::Restricted => tr!(locale, common.undo_restricted),
        };
        Err(Refused::problem(FormState::new(FORM), problem, back))
    })
    .await
}
