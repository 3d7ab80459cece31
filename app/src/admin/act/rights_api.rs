//! Server functions that exercise a person's rights on their behalf: erasure, a disclosure to
//! a partner, a rights request that arrived by post or phone.

#[cfg(feature = "ssr")]
use crate::paths;
use std::collections::BTreeMap;
use leptos::prelude::*;
use crate::forms::FormState;
#[cfg(feature = "ssr")]
use super::support::*;

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
    let Some(checked) = super::support::identity(&ctx, &mut state, &ready, &method, &identity_how).await?
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
        paths::ADMIN_HOME,
        Some(t().admin_erased),
    )
    .await
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
    use crate::admin::manage::partners::Disclosed;
    use crate::admin::manage::partners::disclose;
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
    use crate::admin::requests::ssr as queue;
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
