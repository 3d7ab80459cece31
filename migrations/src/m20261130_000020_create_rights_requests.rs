//! Rights requests (access, rectification, erasure, restriction, objection): the evidence that
//! a request was received, by when it is due, and how it ended. Rows stay after erasure (the
//! person id then names a pseudonymised person), so the record outlives the data it was about.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261130_000001_create_people::People;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RightsRequests::Table)
                    .col(uuid(RightsRequests::Id).primary_key())
                    .col(uuid(RightsRequests::PersonId))
                    // access | rectification | erasure | restriction | objection
                    .col(string_len(RightsRequests::Kind, 16))
                    // self (the person, in the UI) | staff (on their behalf)
                    .col(string_len(RightsRequests::Channel, 8))
                    .col(uuid_null(RightsRequests::StaffId))
                    .col(timestamp_with_time_zone(RightsRequests::ReceivedAt))
                    .col(timestamp_with_time_zone(RightsRequests::DueAt))
                    .col(text_null(RightsRequests::ExtensionReason))
                    // open | completed | rejected
                    .col(string_len(RightsRequests::Status, 16))
                    .col(timestamp_with_time_zone_null(RightsRequests::ClosedAt))
                    .col(text_null(RightsRequests::Outcome))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RightsRequests::Table, RightsRequests::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rights_requests_status_due")
                    .table(RightsRequests::Table)
                    .col(RightsRequests::Status)
                    .col(RightsRequests::DueAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rights_requests_person")
                    .table(RightsRequests::Table)
                    .col(RightsRequests::PersonId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RightsRequests::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum RightsRequests {
    Table,
    Id,
    PersonId,
    Kind,
    Channel,
    StaffId,
    ReceivedAt,
    DueAt,
    ExtensionReason,
    Status,
    ClosedAt,
    Outcome,
}
