//! One-use recovery codes for a staff member who lost their authenticator, stored hashed.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261130_000002_create_staff::Staff;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(StaffRecoveryCodes::Table)
                    .col(uuid(StaffRecoveryCodes::Id).primary_key())
                    .col(uuid(StaffRecoveryCodes::StaffId))
                    .col(string_len(StaffRecoveryCodes::CodeHash, 64))
                    .col(timestamp_with_time_zone_null(StaffRecoveryCodes::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(StaffRecoveryCodes::Table, StaffRecoveryCodes::StaffId)
                            .to(Staff::Table, Staff::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(StaffRecoveryCodes::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum StaffRecoveryCodes {
    Table,
    Id,
    StaffId,
    CodeHash,
    UsedAt,
}
