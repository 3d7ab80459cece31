//! Server functions for acting on a person's behalf (support and admin; auditors only read).
//! Each one checks the role, that this staff member opened the record with a reason in the
//! last half hour, and the action's own written reason, before anything changes.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::forms::FormState;

#[cfg(feature = "ssr")]
mod support {
    use leptos::prelude::*;
    use uuid::Uuid;

    use crate::admin::ssr::act::{check_identity, reason};
    use crate::forms::{
        FormState,
        ssr::{answer, refuse_with},
    };
    use crate::i18n::t;
    use crate::platform::context::AppContext;
    use crate::domain::StaffRole;

    pub fn internal(err: impl std::fmt::Display) -> ServerFnError {
        ServerFnError::ServerError(err.to_string())
    }

    impl Ready {
        pub fn acting<'a>(
            &'a self,
            request: &'a crate::platform::request::RequestInfo,
        ) -> crate::platform::audit::Acting<'a> {
            crate::platform::audit::Acting {
                staff_id: self.staff_id,
                person_id: self.person_id,
                reason: &self.reason,
                request,
            }
        }
    }

    /// Who acts, on whom, why, and where the answer goes.
    pub struct Ready {
        pub staff_id: Uuid,
        pub person_id: Uuid,
        pub reason: String,
        /// The person's record, where a done action leads.
        pub record: String,
        /// The action's own page, where a refused form goes back to.
        pub back: String,
    }

    /// Role, opened record and reason; `None` after answering with what is wrong.
    pub async fn ready(
        ctx: &AppContext,
        state: &mut FormState,
        person: &str,
        raw_reason: &str,
        page: &str,
    ) -> Result<Option<Ready>, ServerFnError> {
        let Some((member, _)) = crate::admin::api::staff_with_role(
            ctx,
            &state.form,
            &[StaffRole::Support, StaffRole::Admin],
        )
        .await?
        else {
            return Ok(None);
        };
        let Ok(person_id) = Uuid::parse_str(person) else {
            return Err(ServerFnError::Args("person is not an id".into()));
        };
        let record = format!("/admin/person?id={person_id}");
        let back = format!("/admin/person/act?id={person_id}&do={page}");
        let text = t();
        if !crate::admin::ssr::person::may_view(ctx, member.id, person_id)
            .await
            .map_err(internal)?
        {
            state.problem = Some(text.admin_open_first.to_owned());
            refuse_with(state.clone(), &record, http::StatusCode::FORBIDDEN).await?;
            return Ok(None);
        }
        // Erased (perhaps by a colleague since the record was opened): nothing to act on.
        if crate::store::people::live(&ctx.db, person_id)
            .await
            .map_err(internal)?
            .is_none()
        {
            state.problem = Some(text.admin_person_missing.to_owned());
            refuse_with(state.clone(), "/admin", http::StatusCode::NOT_FOUND).await?;
            return Ok(None);
        }
        match reason(raw_reason) {
            Ok(reason) => Ok(Some(Ready {
                staff_id: member.id,
                person_id,
                reason: reason.to_owned(),
                record,
                back,
            })),
            Err(err) => {
                err.refuse(state);
                answer(state.clone(), &back, &back, None).await?;
                Ok(None)
            }
        }
    }

    /// How identity was checked, as it goes on the record; `None` after refusing the field.
    pub async fn identity(
        ctx: &AppContext,
        state: &mut FormState,
        ready: &Ready,
        method: &str,
        how: &str,
    ) -> Result<Option<String>, ServerFnError> {
        match check_identity(ctx, ready.person_id, method, how)
            .await
            .map_err(internal)?
        {
            Ok(checked) => Ok(Some(checked)),
            Err(err) => {
                err.refuse(state);
                answer(state.clone(), &ready.back, &ready.back, None).await?;
                Ok(None)
            }
        }
    }

    pub async fn done(ready: &Ready, form: &str, notice: &str) -> Result<FormState, ServerFnError> {
        answer(
            FormState::new(form),
            &ready.back,
            &ready.record,
            Some(notice),
        )
        .await
    }
}

#[cfg(feature = "ssr")]
use support::*;

/// Sets the person's consents (checkboxes `choices[<topic>]`), source "staff".
#[server(endpoint = "admin/act/consents")]
pub async fn staff_set_consents(
    person: String,
    reason: String,
    choices: Option<BTreeMap<String, String>>,
) -> Result<FormState, ServerFnError> {
    use crate::admin::ssr::act::change_consents;
    use crate::consents::ssr::ledger::wanted_from;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "staff_consents";
    let ctx = AppContext::current()?;
    let mut state = FormState::new(FORM).keep("reason", &reason);
    let Some(ready) = ready(&ctx, &mut state, &person, &reason, "consents").await? else {
        return Ok(state);
    };
    let wanted = wanted_from(&ctx.db, &choices.unwrap_or_default())
        .await
        .map_err(internal)?;
    let request = RequestInfo::current();
    let acting = ready.acting(&request);
    let applied = change_consents(&ctx, &acting, &wanted)
        .await
        .map_err(internal)?;
    let notice = if applied.changes.is_empty() {
        t().notice_nothing_changed
    } else if applied
        .changes
        .iter()
        .all(|c| c.to == crate::consents::model::ConsentState::Pending)
    {
        t().admin_consents_pending
    } else {
        t().admin_consents_changed
    };
    done(&ready, FORM, notice).await
}

/// Changes contact details on the person's behalf, after an identity check.
#[server(endpoint = "admin/act/details")]
#[allow(clippy::too_many_arguments)]
pub async fn staff_save_details(
    person: String,
    reason: String,
    identity: Option<String>,
    identity_how: String,
    version: i32,
    name: String,
    phone: String,
    street: String,
    postal_code: String,
    city: String,
    country: String,
    company: String,
    job_title: String,
    language: String,
    contact_channel: String,
) -> Result<FormState, ServerFnError> {
    use crate::account::api::{DetailsFields, parse_details};
    use crate::account::ssr::details::{Editor, Saved, save};
    use crate::forms::ssr::answer;
    use crate::i18n::t;
    use crate::platform::{audit::Actor, context::AppContext, request::RequestInfo};

    const FORM: &str = "staff_details";
    let ctx = AppContext::current()?;
    let method = identity.unwrap_or_default();
    let fields = DetailsFields {
        name: &name,
        phone: &phone,
        street: &street,
        postal_code: &postal_code,
        city: &city,
        country: &country,
        company: &company,
        job_title: &job_title,
        language: &language,
        contact_channel: &contact_channel,
    };
    let mut state = fields
        .keep_in(FormState::new(FORM))
        .keep("reason", &reason)
        .keep("identity", &method)
        .keep("identity_how", &identity_how);
    let Some(ready) = ready(&ctx, &mut state, &person, &reason, "details").await? else {
        return Ok(state);
    };
    let details = parse_details(&mut state, fields);
    let Some(checked) = support::identity(&ctx, &mut state, &ready, &method, &identity_how).await?
    else {
        return Ok(state);
    };
    let Some(details) = details else {
        return answer(state, &ready.back, &ready.back, None).await;
    };
    let editor = Editor {
        actor: Actor::Staff(ready.staff_id),
        reason: Some(&ready.reason),
        identity: Some(&checked),
    };
    let text = t();
    match save(
        &ctx,
        &RequestInfo::current(),
        ready.person_id,
        version,
        details,
        editor,
    )
    .await
    .map_err(internal)?
    {
        Saved::Changed(changed) if changed.is_empty() => {
            done(&ready, FORM, text.notice_nothing_changed).await
        }
        Saved::Changed(_) => done(&ready, FORM, text.admin_details_changed).await,
        Saved::Stale(_) => {
            state.problem = Some(text.changed_meanwhile.to_owned());
            answer(state, &ready.back, &ready.back, None).await
        }
    }
}

/// The smaller actions: `password-reset`, `end-sessions`, `revoke-links`, `identity-mail`,
/// `restrict`, `lift`. Each needs a reason and nothing else.
#[server(endpoint = "admin/act")]
pub async fn staff_act(
    person: String,
    action: String,
    reason: String,
) -> Result<FormState, ServerFnError> {
    use crate::admin::ssr::act::{
        end_sessions, revoke_links, send_identity_mail, start_password_reset,
    };
    use crate::i18n::t;
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
    let ctx = AppContext::current()?;
    let mut state = FormState::new(form).keep("reason", &reason);
    let Some(ready) = ready(&ctx, &mut state, &person, &reason, page).await? else {
        return Ok(state);
    };
    let request = RequestInfo::current();
    let acting = ready.acting(&request);
    let text = t();
    let channel = Channel::Staff(ready.staff_id);
    let notice = match action.as_str() {
        "password-reset" => {
            start_password_reset(&ctx, &acting)
                .await
                .map_err(internal)?;
            text.admin_reset_sent
        }
        "end-sessions" => {
            end_sessions(&ctx, &acting).await.map_err(internal)?;
            text.admin_sessions_ended
        }
        "revoke-links" => {
            revoke_links(&ctx, &acting).await.map_err(internal)?;
            text.admin_links_revoked
        }
        "identity-mail" => {
            send_identity_mail(&ctx, &acting).await.map_err(internal)?;
            text.admin_identity_mail_sent
        }
        "restrict" => {
            match restriction::restrict(
                &ctx,
                &request,
                ready.person_id,
                channel,
                Some(&ready.reason),
            )
            .await
            .map_err(internal)?
            {
                restriction::Changed::Done => text.admin_restricted,
                _ => text.admin_already_restricted,
            }
        }
        _ => {
            match restriction::lift(
                &ctx,
                &request,
                ready.person_id,
                channel,
                Some(&ready.reason),
            )
            .await
            .map_err(internal)?
            {
                restriction::Changed::Done => text.admin_restriction_lifted,
                _ => text.admin_not_restricted,
            }
        }
    };
    done(&ready, form, notice).await
}

/// Erases the person at their request, after an identity check.
#[server(endpoint = "admin/act/erase")]
pub async fn staff_erase(
    person: String,
    reason: String,
    identity: Option<String>,
    identity_how: String,
) -> Result<FormState, ServerFnError> {
    use crate::forms::ssr::answer;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};
    use crate::rights::ssr::{erasure, requests::Channel};

    const FORM: &str = "staff_erase";
    let ctx = AppContext::current()?;
    let method = identity.unwrap_or_default();
    let mut state = FormState::new(FORM)
        .keep("reason", &reason)
        .keep("identity", &method)
        .keep("identity_how", &identity_how);
    let Some(ready) = ready(&ctx, &mut state, &person, &reason, "erase").await? else {
        return Ok(state);
    };
    let Some(checked) = support::identity(&ctx, &mut state, &ready, &method, &identity_how).await?
    else {
        return Ok(state);
    };
    erasure::erase_checked(
        &ctx,
        &RequestInfo::current(),
        ready.person_id,
        Channel::Staff(ready.staff_id),
        Some(&ready.reason),
        Some(&checked),
    )
    .await
    .map_err(internal)?;
    answer(
        FormState::new(FORM),
        &ready.back,
        "/admin",
        Some(t().admin_erased),
    )
    .await
}

/// The button of the identity-check e-mail (no sign-in: the link is the proof).
#[server(endpoint = "identity/confirm")]
pub async fn confirm_identity(token: String) -> Result<FormState, ServerFnError> {
    use crate::admin::ssr::act;
    use crate::forms::ssr::answer;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "identity_confirm";
    let ctx = AppContext::current()?;
    let back = format!(
        "/identity/confirm?token={}",
        url::form_urlencoded::byte_serialize(token.as_bytes()).collect::<String>()
    );
    if act::confirm_identity(&ctx, &RequestInfo::current(), &token)
        .await
        .map_err(internal)?
    {
        answer(
            FormState::new(FORM),
            &back,
            "/",
            Some(t().identity_confirmed),
        )
        .await
    } else {
        let mut state = FormState::new(FORM);
        state.problem = Some(t().link_invalid.to_owned());
        answer(state, &back, &back, None).await
    }
}

/// Records a disclosure of the person's data to a partner (checkboxes `categories[<key>]`).
#[server(endpoint = "admin/act/disclose")]
pub async fn staff_disclose(
    person: String,
    reason: String,
    partner: String,
    categories: Option<BTreeMap<String, String>>,
    purpose: String,
) -> Result<FormState, ServerFnError> {
    use crate::admin::ssr::partners::{Disclosed, disclose};
    use crate::forms::ssr::answer;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "staff_disclose";
    let ctx = AppContext::current()?;
    let mut state = FormState::new(FORM)
        .keep("reason", &reason)
        .keep("partner", &partner)
        .keep("purpose", &purpose);
    let Some(ready) = ready(&ctx, &mut state, &person, &reason, "disclose").await? else {
        return Ok(state);
    };
    let chosen: Vec<String> = categories.unwrap_or_default().into_keys().collect();
    let request = RequestInfo::current();
    let acting = ready.acting(&request);
    let partner_id = uuid::Uuid::parse_str(&partner).unwrap_or_default();
    let text = t();
    match disclose(&ctx, &acting, partner_id, &chosen, &purpose)
        .await
        .map_err(internal)?
    {
        Disclosed::Done => return done(&ready, FORM, text.admin_disclosed).await,
        Disclosed::Restricted => state.problem = Some(text.admin_disclosure_restricted.to_owned()),
        Disclosed::NoConsent => state.problem = Some(text.admin_disclosure_no_consent.to_owned()),
        Disclosed::Missing => state.problem = Some(text.admin_person_missing.to_owned()),
        Disclosed::UnknownPartner => state.refuse("partner", text.choose_from_list),
        Disclosed::CategoriesMissing => state.refuse("categories", text.admin_categories_missing),
        Disclosed::PurposeMissing => state.refuse("purpose", text.admin_purpose_missing),
    }
    answer(state, &ready.back, &ready.back, None).await
}

/// Records a rights request the person made by letter, phone or e-mail; it joins the queue.
#[server(endpoint = "admin/act/request")]
pub async fn staff_record_request(
    person: String,
    reason: String,
    kind: String,
    received: Option<String>,
) -> Result<FormState, ServerFnError> {
    use crate::admin::ssr::queue;
    use crate::forms::ssr::answer;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};
    use crate::rights::RequestKind;

    const FORM: &str = "staff_request";
    let ctx = AppContext::current()?;
    let received = received.unwrap_or_default();
    let mut state = FormState::new(FORM)
        .keep("reason", &reason)
        .keep("kind", &kind)
        .keep("received", &received);
    let Some(ready) = ready(&ctx, &mut state, &person, &reason, "request").await? else {
        return Ok(state);
    };
    let text = t();
    let kind = RequestKind::parse(&kind);
    if kind.is_none() {
        state.refuse("kind", text.choose_from_list);
    }
    let today = ctx.clock.now().date_naive();
    let received_on = match received.trim() {
        "" => Some(None),
        typed => chrono::NaiveDate::parse_from_str(typed, "%Y-%m-%d")
            .ok()
            .filter(|day| *day <= today && (today - *day).num_days() <= queue::RECEIVED_WITHIN_DAYS)
            .map(|day| (day < today).then(|| day.and_time(chrono::NaiveTime::MIN).and_utc())),
    };
    if received_on.is_none() {
        state.refuse("received", text.admin_received_invalid);
    }
    let (Some(kind), Some(received_at)) = (kind, received_on) else {
        return answer(state, &ready.back, &ready.back, None).await;
    };
    let request = RequestInfo::current();
    let acting = ready.acting(&request);
    queue::record(&ctx, &acting, kind, received_at)
        .await
        .map_err(internal)?;
    done(&ready, FORM, text.admin_request_recorded).await
}

/// Completes, extends or rejects an open rights request.
#[server(endpoint = "admin/request")]
pub async fn decide_request(
    request: String,
    decision: Option<String>,
    text: String,
) -> Result<FormState, ServerFnError> {
    use crate::admin::ssr::queue::{Decided, Decision, decide};
    use crate::forms::ssr::answer;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};
    use crate::domain::StaffRole;

    const FORM: &str = "decide_request";
    let ctx = AppContext::current()?;
    let Some((member, _)) =
        crate::admin::api::staff_with_role(&ctx, FORM, &[StaffRole::Support, StaffRole::Admin])
            .await?
    else {
        return Ok(FormState::new(FORM));
    };
    let Ok(id) = uuid::Uuid::parse_str(&request) else {
        return Err(ServerFnError::Args("request is not an id".into()));
    };
    let back = format!("/admin/request?id={id}");
    let decision_raw = decision.unwrap_or_default();
    let mut state = FormState::new(FORM)
        .keep("decision", &decision_raw)
        .keep("text", &text);
    let words = t();
    let Some(decision) = Decision::parse(&decision_raw) else {
        state.refuse("decision", words.admin_decision_missing);
        return answer(state, &back, &back, None).await;
    };
    match decide(
        &ctx,
        &RequestInfo::current(),
        member.id,
        id,
        decision,
        &text,
    )
    .await
    .map_err(internal)?
    {
        Decided::Done => {
            answer(
                FormState::new(FORM),
                &back,
                "/admin/requests",
                Some(words.admin_request_decided),
            )
            .await
        }
        Decided::TextMissing => {
            state.refuse("text", words.admin_decision_text_missing);
            answer(state, &back, &back, None).await
        }
        Decided::NotPossible => {
            state.problem = Some(words.admin_decision_not_possible.to_owned());
            answer(state, &back, &back, None).await
        }
        Decided::RecordClosed => {
            state.problem = Some(words.admin_open_first.to_owned());
            crate::forms::ssr::refuse_with(state, &back, http::StatusCode::FORBIDDEN).await
        }
    }
}
