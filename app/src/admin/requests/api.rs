//! Working a rights request: complete, extend (the person is told why) or reject.

use crate::forms::FormState;
#[cfg(feature = "ssr")]
use crate::forms::ssr::internal;
#[cfg(feature = "ssr")]
use crate::forms::ssr::{Accepted, Refused, settle};
#[cfg(feature = "ssr")]
use crate::paths;
use leptos::prelude::*;

/// Completes, extends or rejects an open rights request.
#[server(endpoint = "admin/request")]
pub async fn decide_request(
    request: String,
    decision: Option<String>,
    text: String,
) -> Result<FormState, ServerFnError> {
    use crate::admin::requests::ssr::Decided;
    use crate::admin::requests::ssr::Decision;
    use crate::admin::requests::ssr::decide;
    use crate::domain::StaffRole;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "decide_request";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let (member, _) = crate::admin::guard::staff_with_role(
            &ctx,
            FORM,
            &[StaffRole::Support, StaffRole::Admin],
        )
        .await?;
        let Ok(id) = uuid::Uuid::parse_str(&request) else {
            return Err(ServerFnError::Args("request is not an id".into()).into());
        };
        let back = format!("/admin/request?id={id}");
        let decision_raw = decision.unwrap_or_default();
        let mut state = FormState::new(FORM)
            .keep("decision", &decision_raw)
            .keep("text", &text);
        let locale = current_locale();
        let Some(decision) = Decision::parse(&decision_raw) else {
            state.refuse("decision", tr!(locale, admin.decision_missing));
            return Err(Refused::form(state, &back));
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
                Ok(Accepted::to(paths::ADMIN_REQUESTS).notice(tr!(locale, admin.request_decided)))
            }
            Decided::TextMissing => {
                state.refuse("text", tr!(locale, admin.decision_text_missing));
                Err(Refused::form(state, &back))
            }
            Decided::NotPossible => Err(Refused::problem(
                state,
                tr!(locale, admin.decision_not_possible),
                &back,
            )),
            Decided::RecordClosed => Err(Refused::sender(
                FORM,
                http::StatusCode::FORBIDDEN,
                tr!(locale, admin.open_first),
                &back,
            )),
        }
    })
    .await
}
