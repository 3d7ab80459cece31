//! Server functions that manage topics, policy versions, API keys and webhooks: admins only,
//! each checked on the server.

#[cfg(feature = "ssr")]
use crate::paths;

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::forms::FormState;

/// Where a secret shown once waits for the management page.
#[cfg(feature = "ssr")]
pub const SHOWN_ONCE_KEY: &str = "admin_shown_once";

#[cfg(feature = "ssr")]
use super::support::*;

/// A new version of a topic's title and wording.
#[server(endpoint = "admin/manage/topic")]
pub async fn version_topic(
    key: String,
    title: String,
    wording: String,
) -> Result<FormState, ServerFnError> {
    use crate::admin::manage::ssr::NewWording;
    use crate::admin::manage::ssr::new_topic_version;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "version_topic";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let me = admin(&ctx, FORM).await?;
        let locale = current_locale();
        let back = format!(
            "/admin/topic?key={}",
            url::form_urlencoded::byte_serialize(key.as_bytes()).collect::<String>()
        );
        let mut state = FormState::new(FORM)
            .keep("title", &title)
            .keep("wording", &wording);
        match new_topic_version(&ctx, &RequestInfo::current(), me.id, &key, &title, &wording)
            .await
            .map_err(internal)?
        {
            NewWording::Done(_) => done(tr!(locale, admin.topic_versioned)),
            NewWording::Unchanged => done(tr!(locale, common.notice_nothing_changed)),
            NewWording::TitleInvalid => {
                state.refuse("title", tr!(locale, admin.topic_title_invalid));
                refused(state, &back)
            }
            NewWording::WordingInvalid => {
                state.refuse("wording", tr!(locale, admin.topic_wording_invalid));
                refused(state, &back)
            }
            NewWording::UnknownTopic => Err(ServerFnError::Args("unknown topic".into()).into()),
        }
    })
    .await
}

/// Publishes a policy version (a material one is announced to account holders).
#[server(endpoint = "admin/manage/policy")]
pub async fn publish_policy(
    summary: String,
    body: String,
    effective: String,
    material: Option<String>,
) -> Result<FormState, ServerFnError> {
    use crate::i18n::{current_locale, tr};
    use crate::platform::{audit::Actor, context::AppContext};
    use crate::policy::ssr::versions::{NewVersion, PublishError, publish_by};

    const FORM: &str = "publish_policy";
    settle(FORM, async {
        const BACK: &str = paths::ADMIN_POLICY_NEW;
        let ctx = AppContext::current()?;
        let me = admin(&ctx, FORM).await?;
        let locale = current_locale();
        let material = material.is_some();
        let mut state = FormState::new(FORM)
            .keep("summary", &summary)
            .keep("body", &body)
            .keep("effective", &effective)
            .keep("material", if material { "on" } else { "" });
        let Some(effective_at) = chrono::NaiveDate::parse_from_str(effective.trim(), "%Y-%m-%d")
            .ok()
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .map(|at| at.and_utc())
        else {
            state.refuse("effective", tr!(locale, admin.policy_date_invalid));
            return refused(state, BACK);
        };
        let new = NewVersion {
            effective_at,
            material,
            summary,
            body,
        };
        match publish_by(&ctx, new, Actor::Staff(me.id)).await {
            Ok(_) => done(tr!(locale, admin.policy_published)),
            Err(PublishError::Summary) => {
                state.refuse("summary", tr!(locale, admin.policy_summary_invalid));
                refused(state, BACK)
            }
            Err(PublishError::Body) => {
                state.refuse("body", tr!(locale, admin.policy_body_missing));
                refused(state, BACK)
            }
            Err(PublishError::Backdated(_)) => {
                state.refuse("effective", tr!(locale, admin.policy_backdated));
                refused(state, BACK)
            }
            Err(PublishError::NotInAdvance) => {
                state.refuse("effective", tr!(locale, admin.policy_not_in_advance));
                refused(state, BACK)
            }
            Err(PublishError::Database(err)) => Err(err.into()),
        }
    })
    .await
}

/// Creates an API key (checkboxes `scopes[<scope>]`); the key is shown once.
#[server(endpoint = "admin/manage/key-create")]
pub async fn create_key(
    key_name: String,
    scopes: Option<BTreeMap<String, String>>,
) -> Result<FormState, ServerFnError> {
    use crate::admin::manage::ShownOnce;
    use crate::admin::manage::ssr as manage;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};
    use crate::sender::api_keys::Scope;

    const FORM: &str = "create_key";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let me = admin(&ctx, FORM).await?;
        let locale = current_locale();
        let mut state = FormState::new(FORM).keep("key_name", &key_name);
        let name = key_name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            state.refuse("key_name", tr!(locale, admin.key_name_missing));
        }
        let scopes: Vec<Scope> = scopes
            .unwrap_or_default()
            .keys()
            .filter_map(|s| Scope::parse(s))
            .collect();
        if scopes.is_empty() {
            state.refuse("scopes", tr!(locale, admin.key_scopes_missing));
        }
        if state.is_refused() {
            return refused(state, paths::ADMIN_MANAGE);
        }
        let key = manage::create_key(&ctx, &RequestInfo::current(), me.id, name, &scopes)
            .await
            .map_err(internal)?;
        let session = crate::forms::ssr::session()?;
        let shown = ShownOnce {
            label: tr!(locale, admin.key_label, name = name),
            value: key,
        };
        crate::platform::shown_once::put(&session, &ctx.keys, SHOWN_ONCE_KEY, &shown)
            .await
            .map_err(internal)?;
        done(tr!(locale, admin.key_created))
    })
    .await
}

/// Pauses, resumes, deletes or rotates the secret of a webhook (`op`).
#[server(endpoint = "admin/manage/webhook")]
pub async fn manage_webhook(webhook: String, op: String) -> Result<FormState, ServerFnError> {
    use crate::admin::manage::ShownOnce;
    use crate::admin::manage::WebhookOp;
    use crate::admin::manage::webhooks::Done;
    use crate::admin::manage::webhooks::act;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "manage_webhook";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let me = admin(&ctx, FORM).await?;
        let Some(op) = WebhookOp::parse(&op) else {
            return Err(ServerFnError::Args(format!("unknown webhook action {op}")).into());
        };
        let locale = current_locale();
        let notice = match act(&ctx, &RequestInfo::current(), me.id, id(&webhook)?, op)
            .await
            .map_err(internal)?
        {
            Done::Missing => tr!(locale, admin.webhook_missing),
            Done::Rotated(secret) => {
                let shown = ShownOnce {
                    label: tr!(locale, admin.webhook_secret_label).to_owned(),
                    value: secret,
                };
                let session = crate::forms::ssr::session()?;
                crate::platform::shown_once::put(&session, &ctx.keys, SHOWN_ONCE_KEY, &shown)
                    .await
                    .map_err(internal)?;
                tr!(locale, admin.webhook_rotated)
            }
            Done::Changed => tr!(locale, admin.webhook_changed),
        };
        done(notice)
    })
    .await
}

#[server(endpoint = "admin/manage/key-revoke")]
pub async fn revoke_key(key: String) -> Result<FormState, ServerFnError> {
    use crate::admin::manage::ssr as manage;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "revoke_key";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let me = admin(&ctx, FORM).await?;
        manage::revoke_key(&ctx, &RequestInfo::current(), me.id, id(&key)?)
            .await
            .map_err(internal)?;
        done(tr!(current_locale(), admin.key_revoked))
    })
    .await
}
