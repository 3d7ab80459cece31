//! The record of processing activities (Art. 30). Kept by admins (`prefcentre processing`
//! now, the admin view later); exported whole as JSON or CSV; and shown to each person as the
//! activities that apply to them: those tied to no topic apply to everyone, those tied to a
//! consent topic to the people who granted it.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr,
    EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use uuid::Uuid;

use crate::consents::model::ConsentState;
use crate::store::consent_states as state;

use crate::store::processing_activities as entity;

/// The legal bases of Art. 6(1) a record may name.
pub const LEGAL_BASES: [&str; 6] = [
    "consent",
    "contract",
    "legal obligation",
    "vital interests",
    "public task",
    "legitimate interests",
];

#[derive(Debug, Clone, Serialize)]
pub struct NewActivity {
    pub purpose: String,
    pub legal_basis: String,
    pub categories: String,
    pub recipients: String,
    pub transfers: Option<String>,
    pub retention: String,
    pub topic_key: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ActivityError {
    #[error("{0} must not be empty")]
    Missing(&'static str),
    #[error("the legal basis must be one of: {}", LEGAL_BASES.join(", "))]
    LegalBasis,
    #[error(transparent)]
    Database(#[from] DbErr),
}

pub async fn add(
    db: &impl ConnectionTrait,
    new: NewActivity,
    now: DateTime<Utc>,
) -> Result<entity::Model, ActivityError> {
    for (name, value) in [
        ("purpose", &new.purpose),
        ("categories", &new.categories),
        ("recipients", &new.recipients),
        ("retention", &new.retention),
    ] {
        if value.trim().is_empty() {
            return Err(ActivityError::Missing(name));
        }
    }
    if !LEGAL_BASES.contains(&new.legal_basis.as_str()) {
        return Err(ActivityError::LegalBasis);
    }
    let clean = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    Ok(entity::ActiveModel {
        id: Set(Uuid::now_v7()),
        purpose: Set(new.purpose.trim().to_owned()),
        legal_basis: Set(new.legal_basis),
        categories: Set(new.categories.trim().to_owned()),
        recipients: Set(new.recipients.trim().to_owned()),
        transfers: Set(clean(new.transfers)),
        retention: Set(new.retention.trim().to_owned()),
        topic_key: Set(clean(new.topic_key)),
        created_at: Set(now),
    }
    .insert(db)
    .await?)
}

pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<entity::Model>, DbErr> {
    entity::Entity::find()
        .order_by_asc(entity::Column::CreatedAt)
        .all(db)
        .await
}

/// The activities that apply to the person: untied ones, and those of topics they granted.
pub async fn applying_to(
    db: &impl ConnectionTrait,
    person_id: Uuid,
) -> Result<Vec<entity::Model>, DbErr> {
    let granted: Vec<String> = state::Entity::find()
        .filter(state::Column::PersonId.eq(person_id))
        .filter(state::Column::State.eq(ConsentState::Granted))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.topic_key)
        .collect();
    entity::Entity::find()
        .filter(
            Condition::any()
                .add(entity::Column::TopicKey.is_null())
                .add(entity::Column::TopicKey.is_in(granted)),
        )
        .order_by_asc(entity::Column::CreatedAt)
        .all(db)
        .await
}

/// The whole record as CSV (a header row, one line per activity).
pub fn to_csv(activities: &[entity::Model]) -> Result<String, csv::Error> {
    let mut writer = crate::platform::csv_out::CsvOut::from_writer(Vec::new());
    for activity in activities {
        writer.serialize(activity)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|err| csv::Error::from(err.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
