//! The `outbox` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub idempotency_key: String,
    /// A `MailKind`'s stored name. Text, not an active enum, on purpose: a row written by a
    /// newer release and read by an older one (a rollback) must fail that one message (the
    /// worker marks an unknown kind dead), not make every claim query undecodable.
    pub kind: String,
    pub person_id: Option<Uuid>,
    pub to_address: Option<String>,
    pub payload: Option<String>,
    pub subject: Option<String>,
    pub status: Status,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub locked_until: Option<DateTimeUtc>,
    /// The claim holding the row while `sending`: only its holder settles the row.
    pub claim: Option<Uuid>,
    pub last_error: Option<String>,
    pub message_id: String,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// The recipient's language when the message was queued (`en`, `da`): the message is
    /// written in it. Text, like `kind`, so a language a rollback does not know falls back to
    /// the default instead of failing the claim query.
    pub locale: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Where a message is in its life. Only the worker moves it on, and only the claim's holder
/// settles a `sending` row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, DeriveActiveEnum, EnumIter)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum Status {
    #[sea_orm(string_value = "pending")]
    Pending,
    #[sea_orm(string_value = "sending")]
    Sending,
    #[sea_orm(string_value = "sent")]
    Sent,
    /// A send failed and will be tried again.
    #[sea_orm(string_value = "failed")]
    Failed,
    /// Refused for good (or out of attempts); staff may send it again.
    #[sea_orm(string_value = "dead")]
    Dead,
    /// Not sent: the person was restricted or erased after it was queued.
    #[sea_orm(string_value = "withheld")]
    Withheld,
}
