//! The signed-in person acknowledges a material policy change.

#[cfg(feature = "ssr")]
use crate::paths;

use leptos::prelude::*;

use crate::forms::FormState;

#[server(endpoint = "policy/acknowledge")]
pub async fn acknowledge_policy(version: i32) -> Result<FormState, ServerFnError> {
    use crate::auth::ssr::guard::signed_in_person;
    use crate::forms::ssr::answer;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};
    use crate::policy::ssr::versions::acknowledge;

    const FORM: &str = "acknowledge_policy";
    let Some(person) = signed_in_person(FORM).await? else {
        return Ok(FormState::new(FORM));
    };
    let ctx = AppContext::current()?;
    acknowledge(&ctx, &RequestInfo::current(), person, version)
        .await
        .map_err(crate::forms::ssr::internal)?;
    answer(
        FormState::new(FORM),
        paths::MY_DATA,
        paths::MY_DATA,
        Some(t().notice_policy_acknowledged),
    )
    .await
}
