//! The `change_feed` table.

use sea_orm::entity::prelude::*;

use crate::domain::consent::{ConsentState, Source};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "change_feed")]
pub struct Model {
    /// Write order (not commit order); only `place` reads it.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Commit order: the cursor readers page by; `None` until placed.
    pub position: Option<i64>,
    pub person_id: Uuid,
    pub kind: FeedKind,
    pub topic_key: Option<String>,
    /// For `consent`: the topic's new state and where the change came from.
    pub state: Option<ConsentState>,
    pub source: Option<Source>,
    pub email_hash: Option<String>,
    pub key_version: Option<i32>,
    pub occurred_at: DateTimeUtc,
}

/// What happened to the person; the sender API and webhooks carry the stored word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, DeriveActiveEnum, EnumIter)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum FeedKind {
    #[sea_orm(string_value = "consent")]
    Consent,
    #[sea_orm(string_value = "restricted")]
    Restricted,
    #[sea_orm(string_value = "restriction_lifted")]
    RestrictionLifted,
    #[sea_orm(string_value = "erased")]
    Erased,
    #[sea_orm(string_value = "bounced")]
    Bounced,
    #[sea_orm(string_value = "complained")]
    Complained,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
