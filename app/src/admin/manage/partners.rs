//! The partners a person's data may be disclosed to (admins keep the list), and recording a
//! disclosure. A disclosure is refused when the person's processing is restricted or they
//! have not granted the "contact from partners" consent; the check and the insert happen in
//! one transaction with the person's row locked, so a withdrawal cannot slip in between.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr,
};
use serde_json::json;
use uuid::Uuid;

use crate::platform::audit::Acting;
use crate::store::partner_disclosures as disclosures;
use crate::consents::model::ConsentState;
use crate::store::consent_states as state;
use crate::store::people;
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    db::begin_write,
    request::RequestInfo,
};

use crate::store::partners as entity;

/// The consent a disclosure needs.
pub const PARTNER_TOPIC: &str = "partner_contact";
pub const PURPOSE_MAX: usize = 500;
pub const NAME_MAX: usize = 200;

/// Partners staff can pick today, by name.
pub async fn active(db: &impl sea_orm::ConnectionTrait) -> Result<Vec<entity::Model>, DbErr> {
    entity::Entity::find()
        .filter(entity::Column::RetiredAt.is_null())
        .order_by_asc(entity::Column::Name)
        .all(db)
        .await
}

/// Every partner, retired ones last.
pub async fn all(db: &impl sea_orm::ConnectionTrait) -> Result<Vec<entity::Model>, DbErr> {
    entity::Entity::find()
        .order_by_asc(entity::Column::RetiredAt)
        .order_by_asc(entity::Column::Name)
        .all(db)
        .await
}

#[derive(Debug, PartialEq, Eq)]
pub enum Added {
    Done,
    NameMissing,
    NameTaken,
}

/// Adds a partner (admins).
pub async fn add(
    ctx: &AppContext,
    request: &RequestInfo,
    staff_id: Uuid,
    name: &str,
) -> Result<Added, DbErr> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX {
        return Ok(Added::NameMissing);
    }
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let taken = entity::Entity::find()
        .filter(entity::Column::Name.eq(name))
        .one(&txn)
        .await?
        .is_some();
    if taken {
        return Ok(Added::NameTaken);
    }
    let id = Uuid::now_v7();
    let inserted = entity::Entity::insert(entity::ActiveModel {
        id: Set(id),
        name: Set(name.to_owned()),
        created_at: Set(now),
        retired_at: Set(None),
    })
    .exec(&txn)
    .await;
    // Two admins adding the same name at once: the constraint decides, and the second is told.
    match inserted {
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Ok(Added::NameTaken);
        }
        other => other?,
    };
    AuditEvent::new(Actor::Staff(staff_id), None, "admin.partner_added")
        .details(json!({ "partner": id, "name": name }))
        .record(&txn, request, now)
        .await?;
    txn.commit().await?;
    Ok(Added::Done)
}

/// Retires a partner: no new disclosures name it; old ones keep it.
pub async fn retire(
    ctx: &AppContext,
    request: &RequestInfo,
    staff_id: Uuid,
    partner_id: Uuid,
) -> Result<bool, DbErr> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let retired = entity::Entity::update_many()
        .col_expr(
            entity::Column::RetiredAt,
            sea_orm::sea_query::Expr::value(Some(now)),
        )
        .filter(entity::Column::Id.eq(partner_id))
        .filter(entity::Column::RetiredAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if retired {
        AuditEvent::new(Actor::Staff(staff_id), None, "admin.partner_retired")
            .details(json!({ "partner": partner_id }))
            .record(&txn, request, now)
            .await?;
    }
    txn.commit().await?;
    Ok(retired)
}

#[derive(Debug, PartialEq, Eq)]
pub enum Disclosed {
    Done,
    /// Processing is restricted: nothing leaves.
    Restricted,
    /// No granted "contact from partners" consent.
    NoConsent,
    /// Unknown or retired partner.
    UnknownPartner,
    CategoriesMissing,
    PurposeMissing,
    Missing,
}

/// Records that the person's data (these categories) was shared with a partner, and why.
pub async fn disclose(
    ctx: &AppContext,
    acting: &Acting<'_>,
    partner_id: Uuid,
    categories: &[String],
    purpose: &str,
) -> Result<Disclosed, DbErr> {
    let categories: Vec<&str> = crate::admin::act::DISCLOSURE_CATEGORIES
        .into_iter()
        .filter(|c| categories.iter().any(|chosen| chosen == c))
        .collect();
    if categories.is_empty() {
        return Ok(Disclosed::CategoriesMissing);
    }
    let purpose = purpose.trim();
    if purpose.is_empty() || purpose.chars().count() > PURPOSE_MAX {
        return Ok(Disclosed::PurposeMissing);
    }
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let Some(person) = people::Entity::find_by_id(acting.person_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .filter(|p| p.erased_at.is_none())
    else {
        return Ok(Disclosed::Missing);
    };
    if person.restricted_at.is_some() {
        return Ok(Disclosed::Restricted);
    }
    let consented = state::Entity::find()
        .filter(state::Column::PersonId.eq(person.id))
        .filter(state::Column::TopicKey.eq(PARTNER_TOPIC))
        .one(&txn)
        .await?
        .is_some_and(|s| s.state == ConsentState::Granted);
    if !consented {
        return Ok(Disclosed::NoConsent);
    }
    let Some(partner) = entity::Entity::find_by_id(partner_id)
        .one(&txn)
        .await?
        .filter(|p| p.retired_at.is_none())
    else {
        return Ok(Disclosed::UnknownPartner);
    };
    let id = Uuid::now_v7();
    disclosures::Entity::insert(disclosures::ActiveModel {
        id: Set(id),
        person_id: Set(person.id),
        partner: Set(partner.name.clone()),
        categories: Set(categories.join(",")),
        purpose: Set(purpose.to_owned()),
        disclosed_at: Set(now),
        staff_id: Set(Some(acting.staff_id)),
    })
    .exec(&txn)
    .await?;
    AuditEvent::new(
        Actor::Staff(acting.staff_id),
        Some(person.id),
        "staff.disclosed_to_partner",
    )
    .reason(acting.reason)
    .details(json!({ "disclosure": id, "partner": partner.name, "categories": categories }))
    .record(&txn, acting.request, now)
    .await?;
    txn.commit().await?;
    Ok(Disclosed::Done)
}
