//! The `policy_versions` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "policy_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    pub effective_at: DateTimeUtc,
    pub material: bool,
    pub summary: String,
    /// The policy's text (Markdown-like plain text: paragraphs and `## ` headings).
    pub body: String,
    /// While notices of a material change remain to be queued: the next one's send time.
    pub announce_next_at: Option<DateTimeUtc>,
    /// The last person a notice was queued for (people go in id order).
    pub announce_after: Option<Uuid>,
    pub notices_queued: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
