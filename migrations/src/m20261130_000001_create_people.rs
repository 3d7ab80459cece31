//! People: anyone whose personal data is held, account holder or newsletter-only recipient.
//! Logins (passwords) live in their own table, so a person may exist without one.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(People::Table)
                    .col(uuid(People::Id).primary_key())
                    // The canonical form of the address (see the domain's `EmailAddress`):
                    // the one comparison every feature uses, hence unique.
                    .col(string_len_uniq(People::Email, 320))
                    .col(timestamp_with_time_zone_null(People::EmailVerifiedAt))
                    .col(string_len_null(People::FullName, 200))
                    .col(timestamp_with_time_zone(People::CreatedAt))
                    .col(timestamp_with_time_zone(People::UpdatedAt))
                    // Optimistic concurrency: a save names the version it read.
                    .col(integer(People::Version).default(1))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(People::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum People {
    Table,
    Id,
    Email,
    EmailVerifiedAt,
    FullName,
    CreatedAt,
    UpdatedAt,
    Version,
}
