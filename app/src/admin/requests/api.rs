//! Working a rights request: complete, extend (the person is told why) or reject.

#[cfg(feature = "ssr")]
use crate::paths;
use leptos::prelude::*;
use crate::forms::FormState;
#[cfg(feature = "ssr")]
use crate::admin::guard::internal;

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
    use crate::forms::ssr::answer;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};
    use crate::domain::StaffRole;

    const FORM: &str = "decide_request";
    let ctx = AppContext::current()?;
    let Some((member, _)) =
        crate::admin::guard::staff_with_role(&ctx, FORM, &[StaffRole::Support, StaffRole::Admin])
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
                paths::ADMIN_REQUESTS,
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
