//! Server functions that act on a person's behalf: consents, contact details, the simpler
//! actions, and the identity check by e-mail. Each is recorded as the staff member's, with the
//! reason they gave.

#[cfg(feature = "ssr")]
use super::support::*;
use crate::forms::FormState;
#[cfg(feature = "ssr")]
use crate::paths;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Sets the person's consents (checkboxes `choices[<topic>]`), source "staff".
#[server(endpoint = "admin/act/consents")]
pub async fn staff_set_consents(
    person: String,
    reason: String,
    choices: Option<BTreeMap<String, String>>,
) -> Result<FormState, ServerFnError> {
    use crate::admin::act::ssr::change_consents;
    use crate::consents::ssr::ledger::wanted_from;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "staff_consents";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let state = FormState::new(FORM).keep("reason", &reason);
        let ready = ready(&ctx, &state, &person, &reason, "consents").await?;
        let wanted = wanted_from(&ctx.db, &choices.unwrap_or_default()).await?;
        let request = RequestInfo::current();
        let applied = change_consents(&ctx, &ready.acting(&request), &wanted)
            .await
            .map_err(internal)?;
        ready.done(if applied.changes.is_empty() {
            tr!(current_locale(), common.notice_nothing_changed)
        } else if applied
            .changes
            .iter()
            .all(|c| c.to == crate::consents::model::ConsentState::Pending)
        {
            tr!(current_locale(), admin.consents_pending)
        } else {
            tr!(current_locale(), admin.consents_changed)
        })
    })
    .await
}

/// Changes contact details on the person's behalf, after an identity check.
#[server(endpoint = "admin/act/details")]
pub async fn staff_save_details(
    person: String,
    reason: String,
    identity: Option<String>,
    identity_how: String,
    version: i32,
    #[server(flatten)] fields: crate::account::views::ContactFields,
) -> Result<FormState, ServerFnError> {
    use crate::account::api::{keep_details, parse_details};
    use crate::account::ssr::details::{Editor, Saved, save};
    use crate::i18n::{current_locale, tr};
    use crate::platform::{audit::Actor, context::AppContext, request::RequestInfo};

    const FORM: &str = "staff_details";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let method = identity.unwrap_or_default();
        let mut state = keep_details(&fields, FormState::new(FORM))
            .keep("reason", &reason)
            .keep("identity", &method)
            .keep("identity_how", &identity_how);
        let ready = ready(&ctx, &state, &person, &reason, "details").await?;
        let details = parse_details(&mut state, &fields);
        let checked = ready
            .identity(&ctx, &mut state, &method, &identity_how)
            .await?;
        let (Some(details), Some(checked)) = (details, checked) else {
            return Err(ready.refuse(state));
        };
        let editor = Editor {
            actor: Actor::Staff(ready.staff_id),
            reason: Some(&ready.reason),
            identity: Some(&checked),
        };
        let locale = current_locale();
        let saved = save(
            &ctx,
            &RequestInfo::current(),
            ready.person_id,
            version,
            details,
            editor,
        )
        .await
        .map_err(internal)?;
        match saved {
            Saved::Changed(changed) if changed.is_empty() => {
                ready.done(tr!(locale, common.notice_nothing_changed))
            }
            Saved::Changed(_) => ready.done(tr!(locale, admin.details_changed)),
            Saved::Stale(_) => Err(Refused::problem(state, tr!(locale, common.changed_meanwhile), &ready.back)),
        }
    })
    .await
}

/// The smaller actions: `password-reset`, `end-sessions`, `revoke-links`, `identity-mail`,
/// `restrict`, `lift`. Each needs a reason and nothing else.
#[server(endpoint = "admin/act")]
pub async fn staff_act(
    person: String,
    action: String,
    reason: String,
) -> Result<FormState, ServerFnError> {
    use crate::admin::act::ssr::end_sessions;
    use crate::admin::act::ssr::revoke_links;
    use crate::admin::act::ssr::send_identity_mail;
    use crate::admin::act::ssr::start_password_reset;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};
    use crate::rights::ssr::{requests::Channel, restriction};

    let (form, page) = match action.as_str() {
        "password-reset" => ("staff_password_reset", "reset"),
        "end-sessions" => ("staff_end_sessions", "sessions"),
        "revoke-links" => ("staff_revoke_links", "links"),
        "identity-mail" => ("staff_identity_mail", "identity"),
        "restrict" | "lift" => ("staff_restriction", "restriction"),
        _ => return Err(ServerFnError::Args(format!("unknown action {action}"))),
    };
    settle(form, async {
        let ctx = AppContext::current()?;
        let state = FormState::new(form).keep("reason", &reason);
        let ready = ready(&ctx, &state, &person, &reason, page).await?;
        let request = RequestInfo::current();
        let acting = ready.acting(&request);
        let locale = current_locale();
        let channel = Channel::Staff(ready.staff_id);
        let notice = match action.as_str() {
            "password-reset" => {
                start_password_reset(&ctx, &acting)
                    .await
                    .map_err(internal)?;
                tr!(locale, admin.reset_sent)
            }
            "end-sessions" => {
                end_sessions(&ctx, &acting).await.map_err(internal)?;
                tr!(locale, admin.sessions_ended)
            }
            "revoke-links" => {
                revoke_links(&ctx, &acting).await.map_err(internal)?;
                tr!(locale, admin.links_revoked)
            }
            "identity-mail" => {
                send_identity_mail(&ctx, &acting).await.map_err(internal)?;
                tr!(locale, admin.identity_mail_sent)
            }
            _ => {
                let restrict = action == "restrict";
                let reason = Some(ready.reason.as_str());
                let changed =
                    restriction::set(&ctx, &request, ready.person_id, channel, reason, restrict)
                        .await?;
                match (restrict, changed) {
                    (true, restriction::Changed::Done) => tr!(locale, admin.restricted),
                    (true, _) => tr!(locale, admin.already_restricted),
                    (false, restriction::Changed::Done) => tr!(locale, admin.restriction_lifted),
                    (false, _) => tr!(locale, admin.not_restricted),
                }
            }
        };
        ready.done(notice)
    })
    .await
}

/// The button of the identity-check e-mail (no sign-in: the link is the proof).
#[server(endpoint = "identity/confirm")]
pub async fn confirm_identity(token: String) -> Result<FormState, ServerFnError> {
    use crate::admin::act::ssr as act;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "identity_confirm";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let back = format!(
            "/identity/confirm?token={}",
            url::form_urlencoded::byte_serialize(token.as_bytes()).collect::<String>()
        );
        if act::confirm_identity(&ctx, &RequestInfo::current(), &token).await? {
            Ok(Accepted::to(paths::HOME).notice(tr!(current_locale(), admin.identity_confirmed)))
        } else {
            Err(Refused::problem(
                FormState::new(FORM),
                tr!(current_locale(), common.link_invalid),
                back,
            ))
        }
    })
    .await
}
