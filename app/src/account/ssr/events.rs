//! Event registrations and their meal preferences. A person may change the meal preference
//! of an upcoming event, and remove the preference or the whole registration at any time.
//! Every change is checked against the person (never another's registration), versioned,
//! audited, and confirmed by e-mail, in one transaction.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use super::details::queue_change_notice;
use crate::domain::meal::MealPreference;
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    db::begin_write,
    request::RequestInfo,
};

use crate::store::events as event_entity;

use crate::store::event_registrations as registration_entity;

use registration_entity::{Column as R, Entity as Registrations};

/// A person's registrations with their events, soonest first.
pub async fn of_person(
    db: &impl ConnectionTrait,
    person_id: Uuid,
) -> Result<Vec<(registration_entity::Model, event_entity::Model)>, DbErr> {
    let registrations = Registrations::find()
        .filter(R::PersonId.eq(person_id))
        .order_by_asc(R::RegisteredAt)
        .all(db)
        .await?;
    let mut joined = Vec::with_capacity(registrations.len());
    for registration in registrations {
        if let Some(event) = event_entity::Entity::find_by_id(registration.event_id)
            .one(db)
            .await?
        {
            joined.push((registration, event));
        }
    }
    joined.sort_by_key(|(_, event)| event.starts_at);
    Ok(joined)
}

/// What a person asked to do with one of their registrations.
pub enum Change {
    SetMeal {
        meal: MealPreference,
        dietary_needs: Option<String>,
    },
    RemoveMeal,
    Cancel,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Not this person's registration (or no longer there): nothing is revealed either way.
    NotFound,
    /// Changed by someone else since the form was opened.
    Stale,
    /// The meal of a past event can no longer be changed (only removed).
    EventPast,
}

pub async fn change(
    ctx: &AppContext,
    request: &RequestInfo,
    person_id: Uuid,
    registration_id: Uuid,
    version: i32,
    change: Change,
) -> Result<Outcome, DbErr> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let found = Registrations::find_by_id(registration_id)
        .filter(R::PersonId.eq(person_id))
        .one(&txn)
        .await?;
    let Some(registration) = found else {
        txn.rollback().await?;
        return Ok(Outcome::NotFound);
    };
    if registration.version != version {
        txn.rollback().await?;
        return Ok(Outcome::Stale);
    }
    let event = event_entity::Entity::find_by_id(registration.event_id)
        .one(&txn)
        .await?;
    let title = event.as_ref().map(|e| e.title.clone()).unwrap_or_default();
    let upcoming = event.as_ref().is_some_and(|e| e.starts_at > now);
    let old = json!({ "meal": registration.meal_preference, "dietary_needs": registration.dietary_needs });
    let (action, new) = match change {
        Change::SetMeal {
            meal,
            dietary_needs,
        } => {
            if !upcoming {
                txn.rollback().await?;
                return Ok(Outcome::EventPast);
            }
            let new = json!({ "meal": meal.as_str(), "dietary_needs": dietary_needs });
            let mut active = registration.clone().into_active_model();
            active.meal_preference = Set(Some(meal.as_str().to_owned()));
            active.dietary_needs = Set(dietary_needs);
            active.version = Set(registration.version + 1);
            active.update(&txn).await?;
            ("event.meal_changed", new)
        }
        Change::RemoveMeal => {
            let mut active = registration.clone().into_active_model();
            active.meal_preference = Set(None);
            active.dietary_needs = Set(None);
            active.version = Set(registration.version + 1);
            active.update(&txn).await?;
            (
                "event.meal_removed",
                json!({ "meal": null, "dietary_needs": null }),
            )
        }
        Change::Cancel => {
            Registrations::delete_by_id(registration.id)
                .exec(&txn)
                .await?;
            ("event.registration_cancelled", json!(null))
        }
    };
    AuditEvent::new(Actor::Person(person_id), Some(person_id), action)
        .details(json!({ "event": title, "old": old, "new": new }))
        .record(&txn, request, now)
        .await?;
    queue_change_notice(ctx, &txn, person_id, &[title.as_str()], now).await?;
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(Outcome::Done)
}

/// Registrations in the shape the page shows.
pub fn view(
    rows: Vec<(registration_entity::Model, event_entity::Model)>,
    now: DateTime<Utc>,
) -> Vec<crate::account::views::Registration> {
    rows.into_iter()
        .map(
            |(registration, event)| crate::account::views::Registration {
                id: registration.id.to_string(),
                title: event.title,
                place: event.place,
                starts_at: crate::i18n::format::shown(event.starts_at),
                upcoming: event.starts_at > now,
                meal: registration
                    .meal_preference
                    .as_deref()
                    .and_then(MealPreference::parse),
                dietary_needs: registration.dietary_needs,
                version: registration.version,
            },
        )
        .collect()
}
