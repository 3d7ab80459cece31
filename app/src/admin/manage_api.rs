//! Server functions of the management page: admins only, each checked on the server.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::forms::FormState;

/// Where a secret shown once waits for the management page.
#[cfg(feature = "ssr")]
pub const SHOWN_ONCE_KEY: &str = "admin_shown_once";

#[cfg(feature = "ssr")]
mod support {
    use leptos::prelude::*;

    use crate::forms::{FormState, ssr::answer};
    use crate::platform::context::AppContext;
    use crate::domain::StaffRole;
    use crate::store::staff;

    pub const PAGE: &str = "/admin/manage";

    pub fn internal(err: impl std::fmt::Display) -> ServerFnError {
        ServerFnError::ServerError(err.to_string())
    }

    /// The signed-in admin; `None` after answering 401 or 403.
    pub async fn admin(
        ctx: &AppContext,
        form: &str,
    ) -> Result<Option<staff::Model>, ServerFnError> {
        Ok(
            crate::admin::api::staff_with_role(ctx, form, &[StaffRole::Admin])
                .await?
                .map(|(member, _)| member),
        )
    }

    pub async fn refused(state: FormState, back: &str) -> Result<FormState, ServerFnError> {
        answer(state, back, back, None).await
    }

    pub async fn done(form: &str, notice: &str) -> Result<FormState, ServerFnError> {
        answer(FormState::new(form), PAGE, PAGE, Some(notice)).await
    }

    pub fn id(raw: &str) -> Result<uuid::Uuid, ServerFnError> {
        uuid::Uuid::parse_str(raw).map_err(|_| ServerFnError::Args("not an id".into()))
    }
}

#[cfg(feature = "ssr")]
use support::*;

/// Invites a staff member: their set-up link is shown once, to hand over in person.
#[server(endpoint = "admin/manage/staff-invite")]
pub async fn invite_staff(
    staff_email: String,
    staff_name: String,
    staff_role: String,
) -> Result<FormState, ServerFnError> {
    use crate::admin::{ShownOnce, ssr::auth};
    use crate::i18n::t;
    use crate::platform::{audit::Actor, context::AppContext, request::RequestInfo};
    use crate::domain::StaffRole;

    const FORM: &str = "invite_staff";
    let ctx = AppContext::current()?;
    let Some(me) = admin(&ctx, FORM).await? else {
        return Ok(FormState::new(FORM));
    };
    let text = t();
    let mut state = FormState::new(FORM)
        .keep("staff_email", &staff_email)
        .keep("staff_name", &staff_name)
        .keep("staff_role", &staff_role);
    // The shared parsers name the person's fields; this form's fields are its own.
    let mut checked = FormState::new(FORM);
    let email = crate::auth::api::parse_email(&mut checked, &staff_email);
    let name = crate::auth::api::parse_name(&mut checked, &staff_name);
    for (from, to) in [("email", "staff_email"), ("name", "staff_name")] {
        if let Some(message) = checked.error(from) {
            state.refuse(to, &message);
        }
    }
    let role = StaffRole::parse(&staff_role);
    if role.is_none() {
        state.refuse("staff_role", text.choose_from_list);
    }
    let (Some(email), Some(name), Some(role)) = (email, name, role) else {
        return refused(state, PAGE).await;
    };
    let name = name.as_str();
    match auth::create(
        &ctx,
        &email,
        name,
        role,
        Actor::Staff(me.id),
        &RequestInfo::current(),
    )
    .await
    {
        Ok(link) => {
            let session = crate::forms::ssr::session()?;
            let shown = ShownOnce {
                label: text.admin_setup_link_label.replace("{name}", name),
                value: link,
            };
            crate::platform::shown_once::put(&session, &ctx.keys, SHOWN_ONCE_KEY, &shown)
                .await
                .map_err(internal)?;
            done(FORM, text.admin_staff_invited).await
        }
        Err(auth::StaffError::Exists) => {
            state.refuse("staff_email", text.admin_staff_exists);
            refused(state, PAGE).await
        }
        Err(auth::StaffError::Database(err)) => Err(internal(err)),
    }
}

#[server(endpoint = "admin/manage/staff-disable")]
pub async fn disable_staff(staff: String) -> Result<FormState, ServerFnError> {
    use crate::admin::ssr::manage;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "disable_staff";
    let ctx = AppContext::current()?;
    let Some(me) = admin(&ctx, FORM).await? else {
        return Ok(FormState::new(FORM));
    };
    let member = id(&staff)?;
    if manage::disable_staff(&ctx, &RequestInfo::current(), me.id, member)
        .await
        .map_err(internal)?
    {
        done(FORM, t().admin_staff_disabled).await
    } else {
        let mut state = FormState::new(FORM);
        state.problem = Some(t().admin_staff_not_disabled.to_owned());
        refused(state, PAGE).await
    }
}

#[server(endpoint = "admin/manage/partner-add")]
pub async fn add_partner(partner_name: String) -> Result<FormState, ServerFnError> {
    use crate::admin::ssr::partners::{Added, add};
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "add_partner";
    let ctx = AppContext::current()?;
    let Some(me) = admin(&ctx, FORM).await? else {
        return Ok(FormState::new(FORM));
    };
    let text = t();
    let mut state = FormState::new(FORM).keep("partner_name", &partner_name);
    match add(&ctx, &RequestInfo::current(), me.id, &partner_name)
        .await
        .map_err(internal)?
    {
        Added::Done => done(FORM, text.admin_partner_added).await,
        Added::NameMissing => {
            state.refuse("partner_name", text.admin_partner_name_missing);
            refused(state, PAGE).await
        }
        Added::NameTaken => {
            state.refuse("partner_name", text.admin_partner_name_taken);
            refused(state, PAGE).await
        }
    }
}

#[server(endpoint = "admin/manage/partner-retire")]
pub async fn retire_partner(partner: String) -> Result<FormState, ServerFnError> {
    use crate::admin::ssr::partners::retire;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "retire_partner";
    let ctx = AppContext::current()?;
    let Some(me) = admin(&ctx, FORM).await? else {
        return Ok(FormState::new(FORM));
    };
    retire(&ctx, &RequestInfo::current(), me.id, id(&partner)?)
        .await
        .map_err(internal)?;
    done(FORM, t().admin_partner_retired).await
}

/// A new version of a topic's title and wording.
#[server(endpoint = "admin/manage/topic")]
pub async fn version_topic(
    key: String,
    title: String,
    wording: String,
) -> Result<FormState, ServerFnError> {
    use crate::admin::ssr::manage::{NewWording, new_topic_version};
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "version_topic";
    let ctx = AppContext::current()?;
    let Some(me) = admin(&ctx, FORM).await? else {
        return Ok(FormState::new(FORM));
    };
    let text = t();
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
        NewWording::Done(_) => done(FORM, text.admin_topic_versioned).await,
        NewWording::Unchanged => done(FORM, text.notice_nothing_changed).await,
        NewWording::TitleInvalid => {
            state.refuse("title", text.admin_topic_title_invalid);
            refused(state, &back).await
        }
        NewWording::WordingInvalid => {
            state.refuse("wording", text.admin_topic_wording_invalid);
            refused(state, &back).await
        }
        NewWording::UnknownTopic => Err(ServerFnError::Args("unknown topic".into())),
    }
}

/// Publishes a policy version (a material one is announced to account holders).
#[server(endpoint = "admin/manage/policy")]
pub async fn publish_policy(
    summary: String,
    body: String,
    effective: String,
    material: Option<String>,
) -> Result<FormState, ServerFnError> {
    use crate::i18n::t;
    use crate::platform::{audit::Actor, context::AppContext};
    use crate::policy::ssr::versions::{NewVersion, PublishError, publish_by};

    const FORM: &str = "publish_policy";
    const BACK: &str = "/admin/policy/new";
    let ctx = AppContext::current()?;
    let Some(me) = admin(&ctx, FORM).await? else {
        return Ok(FormState::new(FORM));
    };
    let text = t();
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
        state.refuse("effective", text.admin_policy_date_invalid);
        return refused(state, BACK).await;
    };
    let new = NewVersion {
        effective_at,
        material,
        summary,
        body,
    };
    match publish_by(&ctx, new, Actor::Staff(me.id)).await {
        Ok(_) => done(FORM, text.admin_policy_published).await,
        Err(PublishError::Summary) => {
            state.refuse("summary", text.admin_policy_summary_invalid);
            refused(state, BACK).await
        }
        Err(PublishError::Body) => {
            state.refuse("body", text.admin_policy_body_missing);
            refused(state, BACK).await
        }
        Err(PublishError::Backdated(_)) => {
            state.refuse("effective", text.admin_policy_backdated);
            refused(state, BACK).await
        }
        Err(PublishError::NotInAdvance) => {
            state.refuse("effective", text.admin_policy_not_in_advance);
            refused(state, BACK).await
        }
        Err(PublishError::Database(err)) => Err(internal(err)),
    }
}

/// Creates an API key (checkboxes `scopes[<scope>]`); the key is shown once.
#[server(endpoint = "admin/manage/key-create")]
pub async fn create_key(
    key_name: String,
    scopes: Option<BTreeMap<String, String>>,
) -> Result<FormState, ServerFnError> {
    use crate::admin::{ShownOnce, ssr::manage};
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};
    use crate::sender::api_keys::Scope;

    const FORM: &str = "create_key";
    let ctx = AppContext::current()?;
    let Some(me) = admin(&ctx, FORM).await? else {
        return Ok(FormState::new(FORM));
    };
    let text = t();
    let mut state = FormState::new(FORM).keep("key_name", &key_name);
    let name = key_name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        state.refuse("key_name", text.admin_key_name_missing);
    }
    let scopes: Vec<Scope> = scopes
        .unwrap_or_default()
        .keys()
        .filter_map(|s| Scope::parse(s))
        .collect();
    if scopes.is_empty() {
        state.refuse("scopes", text.admin_key_scopes_missing);
    }
    if state.is_refused() {
        return refused(state, PAGE).await;
    }
    let key = manage::create_key(&ctx, &RequestInfo::current(), me.id, name, &scopes)
        .await
        .map_err(internal)?;
    let session = crate::forms::ssr::session()?;
    let shown = ShownOnce {
        label: text.admin_key_label.replace("{name}", name),
        value: key,
    };
    crate::platform::shown_once::put(&session, &ctx.keys, SHOWN_ONCE_KEY, &shown)
        .await
        .map_err(internal)?;
    done(FORM, text.admin_key_created).await
}

/// Pauses, resumes, deletes or rotates the secret of a webhook (`op`).
#[server(endpoint = "admin/manage/webhook")]
pub async fn manage_webhook(webhook: String, op: String) -> Result<FormState, ServerFnError> {
    use crate::admin::{
        ShownOnce, WebhookOp,
        ssr::webhooks::{Done, act},
    };
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "manage_webhook";
    let ctx = AppContext::current()?;
    let Some(me) = admin(&ctx, FORM).await? else {
        return Ok(FormState::new(FORM));
    };
    let Some(op) = WebhookOp::parse(&op) else {
        return Err(ServerFnError::Args(format!("unknown webhook action {op}")));
    };
    let text = t();
    let notice = match act(&ctx, &RequestInfo::current(), me.id, id(&webhook)?, op)
        .await
        .map_err(internal)?
    {
        Done::Missing => text.admin_webhook_missing,
        Done::Rotated(secret) => {
            let shown = ShownOnce {
                label: text.admin_webhook_secret_label.to_owned(),
                value: secret,
            };
            let session = crate::forms::ssr::session()?;
            crate::platform::shown_once::put(&session, &ctx.keys, SHOWN_ONCE_KEY, &shown)
                .await
                .map_err(internal)?;
            text.admin_webhook_rotated
        }
        Done::Changed => text.admin_webhook_changed,
    };
    done(FORM, notice).await
}

#[server(endpoint = "admin/manage/key-revoke")]
pub async fn revoke_key(key: String) -> Result<FormState, ServerFnError> {
    use crate::admin::ssr::manage;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "revoke_key";
    let ctx = AppContext::current()?;
    let Some(me) = admin(&ctx, FORM).await? else {
        return Ok(FormState::new(FORM));
    };
    manage::revoke_key(&ctx, &RequestInfo::current(), me.id, id(&key)?)
        .await
        .map_err(internal)?;
    done(FORM, t().admin_key_revoked).await
}
