//! The audit log. Every change to personal data writes an event in the same transaction as the
//! change. Personal values (IP, user agent, old/new contents) go in their own columns so that
//! erasure can clear them while the event itself stays as evidence.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

use super::request::RequestInfo;

use crate::store::audit_log as entity;

/// A staff member confirmed who the person is (the reason says how), beside the action it
/// vouches for.
pub const IDENTITY_CHECKED: &str = "staff.identity_checked";
/// A staff member opened a person's record (the person sees these on "My data").
pub const RECORD_VIEWED: &str = "staff.viewed_person";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Person(Uuid),
    Staff(Uuid),
    System,
    Anonymous,
}

impl Actor {
    fn parts(self) -> (&'static str, Option<Uuid>) {
        match self {
            Self::Person(id) => ("person", Some(id)),
            Self::Staff(id) => ("staff", Some(id)),
            Self::System => ("system", None),
            Self::Anonymous => ("anonymous", None),
        }
    }
}

/// One event. `action` is a stable dotted name (`account.signed_up`); `details` is JSON with
/// the personal specifics (old and new values).
pub struct AuditEvent<'a> {
    pub actor: Actor,
    pub person_id: Option<Uuid>,
    pub action: &'static str,
    pub reason: Option<&'a str>,
    pub details: Option<serde_json::Value>,
}

impl<'a> AuditEvent<'a> {
    pub fn new(actor: Actor, person_id: Option<Uuid>, action: &'static str) -> Self {
        Self {
            actor,
            person_id,
            action,
            reason: None,
            details: None,
        }
    }

    /// Why (staff give a reason for every action on someone's behalf).
    pub fn reason(mut self, reason: &'a str) -> Self {
        self.reason = Some(reason);
        self
    }

    pub fn details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }

    pub async fn record(
        self,
        db: &impl ConnectionTrait,
        request: &RequestInfo,
        at: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let (actor_kind, actor_id) = self.actor.parts();
        entity::Entity::insert(entity::ActiveModel {
            id: Set(Uuid::now_v7()),
            occurred_at: Set(at),
            actor_kind: Set(actor_kind.to_owned()),
            actor_id: Set(actor_id),
            person_id: Set(self.person_id),
            action: Set(self.action.to_owned()),
            request_id: Set(request.request_id.clone()),
            reason: Set(self.reason.map(str::to_owned)),
            ip: Set(request.ip.map(|ip| ip.to_string())),
            user_agent: Set(request.user_agent.clone()),
            details: Set(self.details.map(|d| d.to_string())),
        })
        .exec(db)
        .await?;
        Ok(())
    }
}

/// A staff member acting on one person's behalf, with the reason they gave.
pub struct Acting<'a> {
    pub staff_id: Uuid,
    pub person_id: Uuid,
    pub reason: &'a str,
    pub request: &'a RequestInfo,
}

impl Acting<'_> {
    pub fn actor(&self) -> Actor {
        Actor::Staff(self.staff_id)
    }
}

/// Writes the identity check beside the action it vouches for (same transaction).
pub async fn record_identity_check(
    db: &impl ConnectionTrait,
    request: &RequestInfo,
    actor: Actor,
    person_id: Uuid,
    how: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    AuditEvent::new(actor, Some(person_id), IDENTITY_CHECKED)
        .reason(how)
        .record(db, request, now)
        .await
}
