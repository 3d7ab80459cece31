//! Support staff: separate from the people whose data is held, with a role that every
//! admin server function checks.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Staff::Table)
                    .col(uuid(Staff::Id).primary_key())
                    .col(string_len_uniq(Staff::Email, 320))
                    .col(string_len(Staff::FullName, 200))
                    // "support" | "admin" | "auditor"
                    .col(string_len(Staff::Role, 16))
                    .col(timestamp_with_time_zone(Staff::CreatedAt))
                    .col(timestamp_with_time_zone_null(Staff::DisabledAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Staff::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Staff {
    Table,
    Id,
    Email,
    FullName,
    Role,
    CreatedAt,
    DisabledAt,
}
