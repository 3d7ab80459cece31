//! The `processing_activities` table.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "processing_activities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub purpose: String,
    pub legal_basis: String,
    pub categories: String,
    pub recipients: String,
    /// Countries outside the EU/EEA and the safeguard for each, e.g.
    /// "United States: standard contractual clauses".
    pub transfers: Option<String>,
    pub retention: String,
    pub topic_key: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
