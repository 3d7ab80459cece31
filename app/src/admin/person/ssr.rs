//! A person's record in the admin view. Staff open it with a written reason; opening is
//! recorded (audit `staff.viewed_person`, with the staff member's role and the reason) before
//! anything is shown, and the person sees each view on their "My data" page. An opening
//! covers [`VIEW_LASTS`]; after that the record asks for a reason again.

use chrono::Duration;
use sea_orm::{ActiveEnum, ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;
use uuid::Uuid;

use crate::i18n::format::shown;
use crate::admin::act::Action;
use crate::admin::act::AdminAct;
use crate::admin::person::AdminPerson;
use crate::admin::person::EmailLine;
use crate::admin::person::TrailLine;
use crate::store::outbox;
use crate::store::people;
use crate::platform::{
    audit::{Actor, AuditEvent, RECORD_VIEWED},
    context::AppContext,
    request::RequestInfo,
};
use crate::domain::StaffRole;
use crate::store::staff;

pub const VIEW_LASTS: Duration = Duration::minutes(30);
pub const REASON_MAX: usize = 500;
/// The most audit events and e-mails the record lists (the export has all of them).
const SHOWN: u64 = 100;

#[derive(Debug, PartialEq, Eq)]
pub enum Opened {
    Done,
    ReasonMissing,
    ReasonTooLong,
    /// Unknown or erased: there is nothing to open.
    Missing,
}

/// Records that `member` opens the person's record, and why.
pub async fn open(
    ctx: &AppContext,
    request: &RequestInfo,
    member: &staff::Model,
    role: StaffRole,
    person_id: Uuid,
    reason: &str,
) -> Result<Opened, DbErr> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Ok(Opened::ReasonMissing);
    }
    if reason.chars().count() > REASON_MAX {
        return Ok(Opened::ReasonTooLong);
    }
    let exists = people::Entity::find_by_id(person_id)
        .one(&ctx.db)
        .await?
        .is_some_and(|p| p.erased_at.is_none());
    if !exists {
        return Ok(Opened::Missing);
    }
    AuditEvent::new(Actor::Staff(member.id), Some(person_id), RECORD_VIEWED)
        .reason(reason)
        .details(json!({ "role": role.as_str() }))
        .record(&ctx.db, request, ctx.clock.now())
        .await?;
    Ok(Opened::Done)
}

/// Whether `staff_id` opened the record, with a reason, recently enough to see it now. The
/// one rule for every page and action that shows or touches a person's data in the admin
/// view: the record, acting, the request queue, the outbox.
pub async fn may_view(ctx: &AppContext, staff_id: Uuid, person_id: Uuid) -> Result<bool, DbErr> {
    Ok(opened_by(ctx, staff_id, [person_id])
        .await?
        .contains(&person_id))
}

/// Which of `people` this staff member has open now, in one query (for the lists).
pub async fn opened_by(
    ctx: &AppContext,
    staff_id: Uuid,
    people: impl IntoIterator<Item = Uuid>,
) -> Result<std::collections::HashSet<Uuid>, DbErr> {
    let since = ctx.clock.now() - VIEW_LASTS;
    let people: Vec<Uuid> = people.into_iter().collect();
    if people.is_empty() {
        return Ok(Default::default());
    }
    Ok(crate::store::audit_log::Entity::find()
        .filter(crate::store::audit_log::Column::ActorId.eq(staff_id))
        .filter(crate::store::audit_log::Column::PersonId.is_in(people))
        .filter(crate::store::audit_log::Column::Action.eq(RECORD_VIEWED))
        .filter(crate::store::audit_log::Column::OccurredAt.gt(since))
        .all(&ctx.db)
        .await?
        .into_iter()
        .filter_map(|event| event.person_id)
        .collect())
}

/// Everything the record shows: the person's data as on "My data", their consents and
/// history, requests, e-mails (never a body or a link) and the audit trail.
pub async fn load(ctx: &AppContext, person_id: Uuid) -> Result<Option<AdminPerson>, DbErr> {
    let Some(person) = people::Entity::find_by_id(person_id).one(&ctx.db).await? else {
        return Ok(None);
    };
    let data = crate::account::ssr::my_data::load(ctx, &person).await?;
    let history = crate::consents::ssr::view::load(ctx, &person).await?.history;
    let emails = outbox::Entity::find()
        .filter(outbox::Column::PersonId.eq(person_id))
        .order_by_desc(outbox::Column::CreatedAt)
        .limit(SHOWN)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|m| EmailLine {
            kind: m.kind,
            subject: m.subject,
            status: m.status.to_value(),
            attempts: m.attempts,
            queued: shown(m.created_at),
            sent: m.sent_at.map(shown),
        })
        .collect();
    let trail = crate::store::audit_log::Entity::find()
        .filter(crate::store::audit_log::Column::PersonId.eq(person_id))
        .order_by_desc(crate::store::audit_log::Column::OccurredAt)
        .limit(SHOWN)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|a| TrailLine {
            at: shown(a.occurred_at),
            actor: a.actor_kind,
            action: a.action,
            reason: a.reason,
        })
        .collect();
    Ok(Some(AdminPerson {
        id: person_id.to_string(),
        data: Box::new(data),
        history,
        emails,
        trail,
        may_act: false,
    }))
}

/// What one action's page needs.
pub async fn load_action(
    ctx: &AppContext,
    person_id: Uuid,
    action: Action,
) -> Result<Option<AdminAct>, DbErr> {
    let Some(person) = crate::store::people::live(&ctx.db, person_id).await? else {
        return Ok(None);
    };
    let topics = crate::consents::ssr::view::load(ctx, &person).await?.topics;
    let partner_consent = topics.iter().any(|t| {
        t.key == crate::admin::manage::partners::PARTNER_TOPIC
            && t.state == crate::consents::model::ConsentState::Granted
    });
    let partners = if action == Action::Disclose {
        crate::admin::manage::partners::active(&ctx.db)
            .await?
            .into_iter()
            .map(|p| (p.id.to_string(), p.name))
            .collect()
    } else {
        Vec::new()
    };
    let identity_confirmed = crate::admin::act::ssr::check_identity(ctx, person_id, "email", "").await?.is_ok();
    Ok(Some(AdminAct {
        id: person_id.to_string(),
        name: person
            .full_name
            .clone()
            .unwrap_or_else(|| person.email.clone()),
        action,
        topics,
        details: crate::account::ssr::details::form_of(&person),
        restricted: person.restricted_at.is_some(),
        partners,
        partner_consent,
        identity_confirmed,
    }))
}

