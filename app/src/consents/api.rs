//! Server functions for choosing consents, the public subscribe form, and the consent links.

#[cfg(feature = "ssr")]
use crate::paths;

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::forms::FormState;

#[cfg(feature = "ssr")]
use crate::forms::ssr::internal;

/// Saves the consents page. Checkboxes are named `choices[<topic>]`; a topic without one is
/// off. All shown topics are saved together: one ledger change, one e-mail.
#[server(endpoint = "consents/save")]
pub async fn save_consents(
    choices: Option<BTreeMap<String, String>>,
) -> Result<FormState, ServerFnError> {
    use crate::consents::model::Source;
    use crate::consents::ssr::ledger::{Who, choose, wanted_from};
    use crate::forms::ssr::answer;
    use crate::i18n::t;
    use crate::platform::{
        audit::Actor, context::AppContext, db::begin_write, request::RequestInfo,
    };

    const FORM: &str = "consents";
    let Some(person) = crate::auth::ssr::guard::signed_in_person(FORM).await? else {
        return Ok(FormState::new(FORM));
    };
    let ctx = AppContext::current()?;
    let choices = choices.unwrap_or_default();
    let request = RequestInfo::current();
    let txn = begin_write(&ctx.db).await.map_err(internal)?;
    let wanted = wanted_from(&txn, &choices).await.map_err(internal)?;
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
    let notice = if applied.frozen {
        t().notice_consents_frozen
    } else if applied.changes.is_empty() {
        t().notice_nothing_changed
    } else {
        t().notice_consents_saved
    };
    answer(
        FormState::new(FORM),
        paths::CONSENTS,
        paths::CONSENTS,
        Some(notice),
    )
    .await
}

/// "Unsubscribe from everything": every topic off, in one step.
#[server(endpoint = "consents/unsubscribe-all")]
pub async fn unsubscribe_all() -> Result<FormState, ServerFnError> {
    use crate::consents::model::Source;
    use crate::consents::ssr::ledger::{Who, choose, current_topics};
    use crate::forms::ssr::answer;
    use crate::i18n::t;
    use crate::platform::{
        audit::Actor, context::AppContext, db::begin_write, request::RequestInfo,
    };

    const FORM: &str = "consents";
    let Some(person) = crate::auth::ssr::guard::signed_in_person(FORM).await? else {
        return Ok(FormState::new(FORM));
    };
    let ctx = AppContext::current()?;
    let request = RequestInfo::current();
    let txn = begin_write(&ctx.db).await.map_err(internal)?;
    let wanted: Vec<(String, bool)> = current_topics(&txn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|t| (t.key, false))
        .collect();
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
    let notice = if applied.changes.is_empty() {
        t().notice_nothing_changed
    } else {
        t().notice_unsubscribed_all
    };
    answer(
        FormState::new(FORM),
        paths::CONSENTS,
        paths::CONSENTS,
        Some(notice),
    )
    .await
}

/// The public newsletter sign-up. Same answer whether or not the address is known.
#[server(endpoint = "consents/subscribe")]
pub async fn subscribe(email: String) -> Result<FormState, ServerFnError> {
    use crate::auth::ssr::accounts::MailRequest;
    use crate::consents::ssr::subscribe::subscribe as subscribe_address;
    use crate::forms::{ssr::answer, try_again_in};
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "subscribe";
    let ctx = AppContext::current()?;
    let mut state = FormState::new(FORM).keep("email", &email);
    let Some(email) = crate::auth::api::parse_email(&mut state, &email) else {
        return answer(state, paths::SUBSCRIBE, paths::SUBSCRIBE, None).await;
    };
    match subscribe_address(&ctx, &RequestInfo::current(), &email)
        .await
        .map_err(internal)?
    {
        MailRequest::Accepted => {
            answer(
                FormState::new(FORM),
                paths::SUBSCRIBE,
                paths::CHECK_EMAIL,
                Some(t().notice_subscribe_sent),
            )
            .await
        }
        MailRequest::Limited(verdict) => {
            state.problem = Some(try_again_in(verdict.minutes()));
            state.retry_after_minutes = Some(verdict.minutes());
            answer(state, paths::SUBSCRIBE, paths::SUBSCRIBE, None).await
        }
    }
}

/// The button on the pages consent e-mails' links open: `confirm` or `undo`.
#[server(endpoint = "consents/link")]
pub async fn consent_link(action: String, token: String) -> Result<FormState, ServerFnError> {
    use crate::platform::tokens::Purpose;
    use crate::consents::ssr::links::{Followed, follow};
    use crate::forms::ssr::answer;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};

    let ctx = AppContext::current()?;
    let text = t();
    let (purpose, page, done) = match action.as_str() {
        "confirm" => (
            Purpose::ConsentConfirm,
            paths::CONSENT_CONFIRM,
            text.notice_consent_confirmed,
        ),
        "undo" => (
            Purpose::ConsentUndo,
            paths::CONSENT_UNDO,
            text.notice_consent_undone,
        ),
        _ => return Err(ServerFnError::Args(format!("unknown action {action}"))),
    };
    let back = format!(
        "{page}?token={}",
        url::form_urlencoded::byte_serialize(token.as_bytes()).collect::<String>()
    );
    let mut state = FormState::new("consent_link");
    let problem = match follow(&ctx, &RequestInfo::current(), &token, purpose)
        .await
        .map_err(internal)?
    {
        Followed::Done(_) => return answer(state, &back, paths::HOME, Some(done)).await,
        Followed::Invalid => text.link_invalid,
        Followed::ChangedSince => text.undo_changed_since,
        Followed::Restricted => text.undo_restricted,
    };
    state.problem = Some(problem.to_owned());
    answer(state, &back, &back, None).await
}
