//! What admins manage: staff (invite, disable), topics (a new version of the wording; a
//! version in use is never edited), policy versions (publishing goes through
//! `policy::ssr::versions`), partners (`partners`) and API keys (create, revoke). Every change
//! is audited with the admin who made it.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use crate::i18n::format::shown;
use crate::admin::manage::KeyLine;
use crate::admin::manage::ManageView;
use crate::admin::manage::PartnerLine;
use crate::admin::manage::PolicyLine;
use crate::admin::manage::StaffLine;
use crate::admin::manage::TopicLine;
use crate::consents::ssr::ledger::current_topics;
use crate::store::consent_topics as topic;
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    db::begin_write,
    request::RequestInfo,
};
use crate::sender::api_keys::{self, Scope};
use crate::store::staff;

pub const TITLE_MAX: usize = 200;
pub const WORDING_MAX: usize = 2000;

/// Everything the management page lists.
pub async fn view(ctx: &AppContext, me: Uuid) -> Result<ManageView, DbErr> {
    let staff = staff::Entity::find()
        .order_by_asc(staff::Column::FullName)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|s| StaffLine {
            id: s.id.to_string(),
            name: s.full_name,
            email: s.email,
            role: s.role.as_str().to_owned(),
            enrolled: s.totp_enrolled_at.is_some(),
            disabled: s.disabled_at.is_some(),
            is_me: s.id == me,
        })
        .collect();
    let partners = crate::admin::manage::partners::all(&ctx.db)
        .await?
        .into_iter()
        .map(|p| PartnerLine {
            id: p.id.to_string(),
            name: p.name,
            retired: p.retired_at.is_some(),
        })
        .collect();
    let topics = current_topics(&ctx.db)
        .await?
        .into_iter()
        .map(topic_line)
        .collect();
    let policies = crate::store::policy_versions::Entity::find()
        .order_by_desc(crate::store::policy_versions::Column::Version)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|p| PolicyLine {
            version: p.version,
            effective: shown(p.effective_at),
            material: p.material,
            summary: p.summary,
        })
        .collect();
    let keys = crate::store::api_keys::Entity::find()
        .order_by_desc(crate::store::api_keys::Column::CreatedAt)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|k| KeyLine {
            id: k.id.to_string(),
            name: k.name,
            prefix: k.prefix,
            scopes: k.scopes,
            created: shown(k.created_at),
            last_used: k.last_used_at.map(shown),
            revoked: k.revoked_at.is_some(),
        })
        .collect();
    Ok(ManageView {
        staff,
        partners,
        topics,
        policies,
        keys,
        webhooks: crate::admin::manage::webhooks::lines(ctx).await?,
        shown_once: None,
    })
}

fn topic_line(t: topic::Model) -> TopicLine {
    TopicLine {
        key: t.key,
        title: t.title,
        version: t.version,
        wording: t.wording,
    }
}

/// One topic as it stands, for its new-version page.
pub async fn topic(ctx: &AppContext, key: &str) -> Result<Option<TopicLine>, DbErr> {
    Ok(current_topics(&ctx.db)
        .await?
        .into_iter()
        .find(|t| t.key == key)
        .map(topic_line))
}

/// Disables a staff member and ends their sessions. Nobody disables themselves (the last
/// admin cannot lock everyone out that way).
pub async fn disable_staff(
    ctx: &AppContext,
    request: &RequestInfo,
    admin: Uuid,
    member: Uuid,
) -> Result<bool, DbErr> {
    if admin == member {
        return Ok(false);
    }
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let disabled = staff::Entity::update_many()
        .col_expr(staff::Column::DisabledAt, Expr::value(Some(now)))
        .filter(staff::Column::Id.eq(member))
        .filter(staff::Column::DisabledAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if disabled {
        crate::store::sessions::Entity::delete_many()
            .filter(crate::store::sessions::Column::StaffId.eq(member))
            .exec(&txn)
            .await?;
        AuditEvent::new(Actor::Staff(admin), None, "admin.staff_disabled")
            .details(json!({ "staff": member }))
            .record(&txn, request, now)
            .await?;
    }
    txn.commit().await?;
    Ok(disabled)
}

#[derive(Debug, PartialEq, Eq)]
pub enum NewWording {
    Done(i32),
    TitleInvalid,
    WordingInvalid,
    UnknownTopic,
    /// Nothing differs from the version in force.
    Unchanged,
}

/// Publishes a new version of a topic's title and wording. The version people consented to
/// stays as it was: the ledger names it, and "My data" shows its wording.
pub async fn new_topic_version(
    ctx: &AppContext,
    request: &RequestInfo,
    admin: Uuid,
    key: &str,
    title: &str,
    wording: &str,
) -> Result<NewWording, DbErr> {
    let (title, wording) = (title.trim(), wording.trim());
    if title.is_empty() || title.chars().count() > TITLE_MAX {
        return Ok(NewWording::TitleInvalid);
    }
    if wording.is_empty() || wording.chars().count() > WORDING_MAX {
        return Ok(NewWording::WordingInvalid);
    }
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let Some(current) = current_topics(&txn)
        .await?
        .into_iter()
        .find(|t| t.key == key)
    else {
        return Ok(NewWording::UnknownTopic);
    };
    if current.title == title && current.wording == wording {
        return Ok(NewWording::Unchanged);
    }
    let version = current.version + 1;
    topic::Entity::insert(topic::ActiveModel {
        key: Set(current.key.clone()),
        version: Set(version),
        sort_order: Set(current.sort_order),
        title: Set(title.to_owned()),
        wording: Set(wording.to_owned()),
        channel: Set(current.channel.clone()),
        double_opt_in: Set(current.double_opt_in),
        service_notices: Set(current.service_notices),
        active: Set(true),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    AuditEvent::new(Actor::Staff(admin), None, "admin.topic_versioned")
        .details(json!({ "topic": key, "version": version }))
        .record(&txn, request, now)
        .await?;
    txn.commit().await?;
    Ok(NewWording::Done(version))
}

/// Creates an API key and returns it in the clear, once.
pub async fn create_key(
    ctx: &AppContext,
    request: &RequestInfo,
    admin: Uuid,
    name: &str,
    scopes: &[Scope],
) -> Result<String, DbErr> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let key = api_keys::create(&txn, name, scopes, now).await?;
    AuditEvent::new(Actor::Staff(admin), None, "admin.api_key_created")
        .details(json!({
            "name": name,
            "scopes": scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        }))
        .record(&txn, request, now)
        .await?;
    txn.commit().await?;
    Ok(key)
}

pub async fn revoke_key(
    ctx: &AppContext,
    request: &RequestInfo,
    admin: Uuid,
    key: Uuid,
) -> Result<bool, DbErr> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let revoked = crate::store::api_keys::Entity::update_many()
        .col_expr(crate::store::api_keys::Column::RevokedAt, Expr::value(Some(now)))
        .filter(crate::store::api_keys::Column::Id.eq(key))
        .filter(crate::store::api_keys::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if revoked {
        AuditEvent::new(Actor::Staff(admin), None, "admin.api_key_revoked")
            .details(json!({ "key": key }))
            .record(&txn, request, now)
            .await?;
    }
    txn.commit().await?;
    Ok(revoked)
}
