//! The `staff` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub email: String,
    pub full_name: String,
    /// `StaffRole::as_str`
    pub role: crate::domain::StaffRole,
    pub created_at: DateTimeUtc,
    pub disabled_at: Option<DateTimeUtc>,
    /// argon2id, set by the staff member through their set-up link.
    pub password_hash: Option<String>,
    /// Base32 TOTP secret: pending until `totp_enrolled_at`.
    pub totp_secret: Option<String>,
    pub totp_enrolled_at: Option<DateTimeUtc>,
    /// The last 30-second step whose code was accepted (a code works once).
    pub totp_last_step: Option<i64>,
    /// SHA-256 of the set-up link's token.
    pub setup_token_hash: Option<String>,
    pub setup_expires_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
