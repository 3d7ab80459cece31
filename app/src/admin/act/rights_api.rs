//! Server functions that exercise a person's rights on their behalf: erasure, a disclosure to
//! a partner, a rights request that arrived by post or phone.

#[cfg(feature = "ssr")]
use super::support::*;
use crate::forms::FormState;
#[cfg(feature = "ssr")]
use crate::paths;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Erases the person at their request, after an identity check.
#[server(endpoint = "admin/act/erase")]
pub async fn staff_erase(
    person: String,
    reason: String,
    identity: Option<String>,
    identity_how: String,
) -> Result<FormState, ServerFnError> {
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};
    use crate::rights::ssr::{erasure, requests::Channel};

    const FORM: &str = "staff_erase";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let method = identity.unwrap_or_default();
        let mut state = FormState::new(FORM)
            .keep("reason", &reason)
            .keep("identity", &method)
            .keep("identity_how", &identity_how);
        let ready = ready(&ctx, &state, &person, &reason, "erase").await?;
        let Some(checked) = ready
            .identity(&ctx, &mut state, &method, &identity_how)
            .await?
        else {
            return Err(ready.refuse(state));
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
        Ok(Accepted::to(paths::ADMIN_HOME).notice(tr!(current_locale(), admin.erased)))
    })
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
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "staff_disclose";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let mut state = FormState::new(FORM)
            .keep("reason", &reason)
            .keep("partner", &partner)
            .keep("purpose", &purpose);
        let ready = ready(&ctx, &state, &person, &reason, "disclose").await?;
        let chosen: Vec<String> = categories.unwrap_or_default().into_keys().collect();
        let request = RequestInfo::current();
        let partner_id = uuid::Uuid::parse_str(&partner).unwrap_or_default();
        let locale = current_locale();
        match disclose(&ctx, &ready.acting(&request), partner_id, &chosen, &purpose)
            .await
            .map_err(internal)?
        {
            Disclosed::Done => return ready.done(tr!(locale, admin.disclosed)),
            Disclosed::Restricted => {
                state.problem = Some(tr!(locale, admin.disclosure_restricted).to_owned())
            }
            Disclosed::NoConsent => {
                state.problem = Some(tr!(locale, admin.disclosure_no_consent).to_owned())
            }
            Disclosed::Missing => state.problem = Some(tr!(locale, admin.person_missing).to_owned()),
            Disclosed::UnknownPartner => state.refuse("partner", tr!(locale, common.choose_from_list)),
            Disclosed::CategoriesMissing => {
                state.refuse("categories", tr!(locale, admin.categories_missing))
            }
            Disclosed::PurposeMissing => state.refuse("purpose", tr!(locale, admin.purpose_missing)),
        }
        Err(ready.refuse(state))
    })
    .await
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
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};
    use crate::rights::RequestKind;

    const FORM: &str = "staff_request";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let received = received.unwrap_or_default();
        let mut state = FormState::new(FORM)
            .keep("reason", &reason)
            .keep("kind", &kind)
            .keep("received", &received);
        let ready = ready(&ctx, &state, &person, &reason, "request").await?;
        let locale = current_locale();
        let kind = RequestKind::parse(&kind);
        if kind.is_none() {
            state.refuse("kind", tr!(locale, common.choose_from_list));
        }
        let today = ctx.clock.now().date_naive();
        let received_on = match received.trim() {
            "" => Some(None),
            typed => chrono::NaiveDate::parse_from_str(typed, "%Y-%m-%d")
                .ok()
                .filter(|day| {
                    *day <= today && (today - *day).num_days() <= queue::RECEIVED_WITHIN_DAYS
                })
                .map(|day| (day < today).then(|| day.and_time(chrono::NaiveTime::MIN).and_utc())),
        };
        if received_on.is_none() {
            state.refuse("received", tr!(locale, admin.received_invalid));
        }
        let (Some(kind), Some(received_at)) = (kind, received_on) else {
            return Err(ready.refuse(state));
        };
        let request = RequestInfo::current();
        queue::record(&ctx, &ready.acting(&request), kind, received_at)
            .await
            .map_err(internal)?;
        ready.done(tr!(locale, admin.request_recorded))
    })
    .await
}
