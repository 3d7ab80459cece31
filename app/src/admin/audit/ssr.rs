//! The audit-log viewer for admins and auditors: newest first, filtered by action (a prefix
//! such as `staff.`), kind of actor and person, a page at a time. The log is append-only; no
//! function anywhere edits or deletes its rows (erasure only clears personal values in them).

use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::i18n::format::shown;
use crate::admin::audit::AuditFilter;
use crate::admin::audit::AuditLine;
use crate::admin::audit::AuditPage;
use crate::platform::context::AppContext;
use crate::store::audit_log as audit;

pub const PAGE_SIZE: u64 = 50;
pub const ACTOR_KINDS: [&str; 4] = ["person", "staff", "system", "anonymous"];

pub async fn page(ctx: &AppContext, filter: AuditFilter, page: u64) -> Result<AuditPage, DbErr> {
    let page = Ord::max(page, 1);
    let mut query = audit::Entity::find();
    let action = filter.action.trim();
    if !action.is_empty() {
        let prefix = action.replace(['\\', '%', '_'], "");
        query = query.filter(audit::Column::Action.like(format!("{prefix}%")));
    }
    if ACTOR_KINDS.contains(&filter.actor.as_str()) {
        query = query.filter(audit::Column::ActorKind.eq(filter.actor.as_str()));
    }
    if let Ok(person) = Uuid::parse_str(filter.person.trim()) {
        query = query.filter(audit::Column::PersonId.eq(person));
    }
    let mut rows = query
        .order_by_desc(audit::Column::OccurredAt)
        .order_by_desc(audit::Column::Id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
        .all(&ctx.db)
        .await?;
    let has_more = rows.len() as u64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let link = |n: u64| {
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("action", &filter.action)
            .append_pair("actor", &filter.actor)
            .append_pair("person", &filter.person)
            .append_pair("page", &n.to_string())
            .finish();
        format!("/admin/audit?{query}")
    };
    Ok(AuditPage {
        next: has_more.then(|| link(page + 1)),
        previous: (page > 1).then(|| link(page - 1)),
        lines: rows
            .into_iter()
            .map(|a| AuditLine {
                at: shown(a.occurred_at),
                actor: match a.actor_id {
                    Some(id) => format!("{} {id}", a.actor_kind),
                    None => a.actor_kind,
                },
                person: a.person_id.map(|p| p.to_string()),
                action: a.action,
                reason: a.reason,
            })
            .collect(),
        filter,
    })
}
