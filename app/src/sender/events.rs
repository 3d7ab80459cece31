//! Delivery events the sender reports: a hard bounce or a complaint stops all sending to the
//! address at once (`bounced_at`, which the audience rule reads) and withdraws every topic in
//! the ledger (source "api", with the event as the reason), so the evidence shows why mail
//! stopped. A soft bounce is only audited. An address we do not hold is accepted and ignored.

use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, sea_query::Expr};
use serde::Deserialize;
use uuid::Uuid;

use crate::consents::model::Source;
use crate::consents::ssr::feed;
use crate::consents::ssr::ledger::{Who, choose, current_topics};
use crate::domain::EmailAddress;
use crate::store::people;
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    db::begin_write,
    request::RequestInfo,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    HardBounce,
    SoftBounce,
    Complaint,
}

impl EventKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::HardBounce => "hard bounce",
            Self::SoftBounce => "soft bounce",
            Self::Complaint => "complaint",
        }
    }
}

pub async fn record(
    ctx: &AppContext,
    request: &RequestInfo,
    api_key: Uuid,
    email: &EmailAddress,
    kind: EventKind,
) -> Result<(), DbErr> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let Some(person) = people::Entity::find()
        .filter(people::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?
    else {
        txn.rollback().await?;
        return Ok(());
    };
    AuditEvent::new(Actor::System, Some(person.id), "delivery.event")
        .details(serde_json::json!({ "kind": kind.as_str(), "api_key": api_key }))
        .record(&txn, request, now)
        .await?;
    if kind != EventKind::SoftBounce {
        let event = match kind {
            EventKind::Complaint => feed::Event::Complained,
            _ => feed::Event::Bounced,
        };
        feed::append(&txn, person.id, event, now).await?;
        people::Entity::update_many()
            .col_expr(people::Column::BouncedAt, Expr::value(now))
            .filter(people::Column::Id.eq(person.id))
            .exec(&txn)
            .await?;
        let all_off: Vec<_> = current_topics(&txn)
            .await?
            .into_iter()
            .map(|t| (t.key, false))
            .collect();
        let who = Who {
            source: Source::Api,
            actor: Actor::System,
            reason: Some(kind.as_str()),
            request,
        };
        choose(ctx, &txn, person.id, &all_off, &who).await?;
    }
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(())
}
