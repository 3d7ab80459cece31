//! The `people` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "people")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Canonical form; see `domain::EmailAddress`.
    pub email: String,
    pub email_verified_at: Option<DateTimeUtc>,
    pub full_name: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Optimistic concurrency: every update names the version it read and bumps it.
    pub version: i32,
    /// E.164
    pub phone: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2
    pub country: Option<String>,
    pub company: Option<String>,
    pub job_title: Option<String>,
    pub language: String,
    /// `ContactChannel::as_str`
    pub contact_channel: String,
    /// `Lifecycle::as_str`
    pub lifecycle: crate::domain::Lifecycle,
    pub prospect_until: Option<Date>,
    pub active_contract: bool,
    /// Processing restricted at the person's request: in no audience, sent nothing but the
    /// mail they ask for.
    pub restricted_at: Option<DateTimeUtc>,
    /// Erased (pseudonymised): kept only as evidence.
    pub erased_at: Option<DateTimeUtc>,
    /// The address hard-bounced or complained: never mailed again until it changes.
    pub bounced_at: Option<DateTimeUtc>,
    /// Profile (manage) links issued before this are no longer accepted.
    pub links_revoked_before: Option<DateTimeUtc>,
    /// The policy version the person last acknowledged (a material change shows a notice
    /// until they do).
    pub policy_acknowledged: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The person who holds `email` now and was not erased (the one mail about them may reach).
pub async fn live_by_email(
    db: &impl ConnectionTrait,
    email: &crate::domain::EmailAddress,
) -> Result<Option<Model>, DbErr> {
    Entity::find()
        .filter(Column::Email.eq(email.as_str()))
        .filter(Column::ErasedAt.is_null())
        .one(db)
        .await
}

/// The person, unless unknown or erased.
pub async fn live(
    db: &impl sea_orm::ConnectionTrait,
    person_id: uuid::Uuid,
) -> Result<Option<Model>, sea_orm::DbErr> {
    Ok(Entity::find_by_id(person_id)
        .one(db)
        .await?
        .filter(|p| p.erased_at.is_none()))
}
