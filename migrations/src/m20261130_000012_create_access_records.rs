//! Sign-in and access records: when, from which IP address and device. Kept for a set period
//! (a setting, 90 days by default), then deleted by a scheduled job.

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
                    .table(AccessRecords::Table)
                    .col(uuid(AccessRecords::Id).primary_key())
                    .col(uuid(AccessRecords::PersonId))
                    .col(timestamp_with_time_zone(AccessRecords::OccurredAt))
                    // password | sign-in link | confirmation link | password reset
                    .col(string_len(AccessRecords::Method, 32))
                    .col(string_len_null(AccessRecords::Ip, 64))
                    .col(string_len_null(AccessRecords::UserAgent, 512))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AccessRecords::Table, AccessRecords::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_access_records_person_time")
                    .table(AccessRecords::Table)
                    .col(AccessRecords::PersonId)
                    .col(AccessRecords::OccurredAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AccessRecords::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AccessRecords {
    Table,
    Id,
    PersonId,
    OccurredAt,
    Method,
    Ip,
    UserAgent,
}
