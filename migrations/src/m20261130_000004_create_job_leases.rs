//! Scheduled jobs: one row per job name. An instance runs a job only after winning the row
//! with a conditional update, so several instances sharing a database never run it twice.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(JobLeases::Table)
                    .col(string_len(JobLeases::Name, 64).primary_key())
                    .col(timestamp_with_time_zone(JobLeases::NextRunAt))
                    .col(timestamp_with_time_zone_null(JobLeases::LockedUntil))
                    .col(string_len_null(JobLeases::LockedBy, 64))
                    .col(timestamp_with_time_zone_null(JobLeases::LastStartedAt))
                    .col(timestamp_with_time_zone_null(JobLeases::LastFinishedAt))
                    .col(text_null(JobLeases::LastOutcome))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(JobLeases::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum JobLeases {
    Table,
    Name,
    NextRunAt,
    LockedUntil,
    LockedBy,
    LastStartedAt,
    LastFinishedAt,
    LastOutcome,
}
