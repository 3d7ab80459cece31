//! The signed-in person acknowledges a material policy change.

#[cfg(feature = "ssr")]
use crate::paths;

use leptos::prelude::*;

use crate::forms::FormState;
#[cfg(feature = "ssr")]
use crate::forms::ssr::{Accepted, settle};

#[server(endpoint = "policy/acknowledge")]
pub async fn acknowledge_policy(version: i32) -> Result<FormState, ServerFnError> {
    use crate::auth::ssr::guard::signed_in_person;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};
    use crate::policy::ssr::versions::acknowledge;

    const FORM: &str = "acknowledge_policy";
    settle(FORM, async {
        let person = signed_in_person(FORM).await?;
        let ctx = AppContext::current()?;
        acknowledge(&ctx, &RequestInfo::current(), person, version)
            .await
            .map_err(crate::forms::ssr::internal)?;
        Ok(Accepted::to(paths::MY_DATA).notice(tr!(current_locale(), common.notice_policy_acknowledged)))
    })
    .await
}
