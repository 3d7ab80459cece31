//! The `rights_requests` table.

use sea_orm::entity::prelude::*;

use crate::domain::request_kind::RequestKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rights_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub kind: RequestKind,
    /// `self` (the person, in the UI) or `staff` (recorded by the member in `staff_id`). Text,
    /// not an active enum: sea-orm's derive cannot name a variant stored as `self`.
    pub channel: String,
    pub staff_id: Option<Uuid>,
    pub received_at: DateTimeUtc,
    pub due_at: DateTimeUtc,
    pub extension_reason: Option<String>,
    pub status: Status,
    pub closed_at: Option<DateTimeUtc>,
    pub outcome: Option<String>,
}

/// Whether the request is still to be answered, and how it was answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, DeriveActiveEnum, EnumIter)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum Status {
    #[sea_orm(string_value = "open")]
    Open,
    #[sea_orm(string_value = "completed")]
    Completed,
    #[sea_orm(string_value = "rejected")]
    Rejected,
}

impl Status {
    /// The stored word, as the data download and the audit log carry it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Completed => "completed",
            Self::Rejected => "rejected",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;

    #[test]
    fn every_status_is_stored_as_its_own_word() {
        for status in Status::iter() {
            assert_eq!(status.to_value(), status.as_str());
        }
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
