//! When a person's data may not be used for sending: processing restricted (the person asked),
//! erased (pseudonymised), or the address bounced / complained. The audience rule reads these;
//! the rights and sender-API features set them.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261130_000001_create_people::People;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Flags {
    RestrictedAt,
    ErasedAt,
    BouncedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Flags::RestrictedAt, Flags::ErasedAt, Flags::BouncedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(People::Table)
                        .add_column(timestamp_with_time_zone_null(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Flags::BouncedAt, Flags::ErasedAt, Flags::RestrictedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(People::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
