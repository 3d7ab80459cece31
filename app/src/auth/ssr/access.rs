//! Sign-in and access records: written at every sign-in, in the same transaction as its audit
//! event, shown to the person, and deleted after the retention period by the retention purge (`rights::ssr::retention`).

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::platform::request::RequestInfo;

use crate::store::access_records as entity;

use entity::{Column, Entity as AccessRecords};

/// How a person signed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Password,
    SignInLink,
    ConfirmationLink,
    PasswordReset,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Password => "password",
            Self::SignInLink => "sign-in link",
            Self::ConfirmationLink => "confirmation link",
            Self::PasswordReset => "password reset",
        }
    }
}

pub async fn record(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    method: Method,
    request: &RequestInfo,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    AccessRecords::insert(entity::ActiveModel {
        id: Set(Uuid::now_v7()),
        person_id: Set(person_id),
        occurred_at: Set(at),
        method: Set(method.as_str().to_owned()),
        ip: Set(request.ip.map(|ip| ip.to_string())),
        user_agent: Set(request.user_agent.clone()),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// The most recent records of a person, newest first.
pub async fn recent(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    limit: u64,
) -> Result<Vec<entity::Model>, DbErr> {
    AccessRecords::find()
        .filter(Column::PersonId.eq(person_id))
        .order_by_desc(Column::OccurredAt)
        .limit(limit)
        .all(db)
        .await
}

/// Deletes access records older than `before` (the retention purge calls it).
pub async fn delete_older_than(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(AccessRecords::delete_many()
        .filter(Column::OccurredAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}
