//! The `change_feed` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "change_feed")]
pub struct Model {
    /// Write order (not commit order); only `place` reads it.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Commit order: the cursor readers page by; `None` until placed.
    pub position: Option<i64>,
    pub person_id: Uuid,
    pub kind: String,
    pub topic_key: Option<String>,
    pub state: Option<String>,
    pub source: Option<String>,
    pub email_hash: Option<String>,
    pub key_version: Option<i32>,
    pub occurred_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
