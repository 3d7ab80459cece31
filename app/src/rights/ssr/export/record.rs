//! Every download goes on record as a served access request (Art. 15), in its own transaction
//! before the first byte leaves.

use sea_orm::{
    DbErr, EntityTrait,
};
use uuid::Uuid;
use super::requests;
use crate::store::people;
use crate::platform::context::AppContext;

/// Records the download as a completed access request (with its receipt), in one
/// transaction, before any byte leaves. `false` when there is nothing to export.
pub async fn record_download(
    ctx: &AppContext,
    request: &crate::platform::request::RequestInfo,
    person_id: Uuid,
    format: &str,
) -> Result<bool, DbErr> {
    let now = ctx.clock.now();
    let txn = crate::platform::db::begin_write(&ctx.db).await?;
    let Some(person) = people::Entity::find_by_id(person_id).one(&txn).await? else {
        return Ok(false);
    };
    if person.erased_at.is_some() {
        return Ok(false);
    }
    requests::record(
        ctx,
        &txn,
        request,
        requests::NewRequest {
            person_id,
            kind: crate::rights::RequestKind::Access,
            channel: requests::Channel::Person,
            completed: Some(&format!("downloaded as {format}")),
            receipt: true,
            received_at: None,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(true)
}

/// Staff export for someone who wrote in: the identity check, the staff member's reason and a
/// completed access request (with its receipt to the person) are recorded in one transaction
/// before any byte leaves. `false` when there is nothing to export.
pub async fn record_staff_download(
    ctx: &AppContext,
    acting: &crate::platform::audit::Acting<'_>,
    identity: &str,
    format: &str,
) -> Result<bool, DbErr> {
    let now = ctx.clock.now();
    let txn = crate::platform::db::begin_write(&ctx.db).await?;
    if crate::store::people::live(&txn, acting.person_id)
        .await?
        .is_none()
    {
        return Ok(false);
    }
    let actor = crate::platform::audit::Actor::Staff(acting.staff_id);
    crate::platform::audit::record_identity_check(
        &txn,
        acting.request,
        actor,
        acting.person_id,
        identity,
        now,
    )
    .await?;
    requests::record(
        ctx,
        &txn,
        acting.request,
        requests::NewRequest {
            person_id: acting.person_id,
            kind: crate::rights::RequestKind::Access,
            channel: requests::Channel::Staff(acting.staff_id),
            completed: Some(&format!("exported by staff as {format}")),
            receipt: true,
            received_at: None,
        },
        now,
    )
    .await?;
    crate::platform::audit::AuditEvent::new(actor, Some(acting.person_id), "staff.exported")
        .reason(acting.reason)
        .details(serde_json::json!({ "format": format }))
        .record(&txn, acting.request, now)
        .await?;
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(true)
}
