//! The `consent_ledger` table.

use sea_orm::entity::prelude::*;

use crate::domain::consent::{ConsentState, Source};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consent_ledger")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub seq: i64,
    pub person_id: Uuid,
    pub topic_key: String,
    pub topic_version: i32,
    pub state: ConsentState,
    pub previous_state: ConsentState,
    pub occurred_at: DateTimeUtc,
    pub source: Source,
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub reason: Option<String>,
    pub wording: String,
    pub policy_version: i32,
    pub change_id: Uuid,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
