//! Single-use tokens sent by e-mail (confirm address, sign-in link, password reset). Only the
//! SHA-256 of a token is stored; a token is spent by setting `used_at` in the same statement
//! that checks it is unused and unexpired.

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
                    .table(OneTimeTokens::Table)
                    .col(uuid(OneTimeTokens::Id).primary_key())
                    .col(string_len_uniq(OneTimeTokens::TokenHash, 64))
                    .col(uuid(OneTimeTokens::PersonId))
                    .col(string_len(OneTimeTokens::Purpose, 32))
                    // Purpose-specific data, e.g. the pending new address of an e-mail change.
                    .col(text_null(OneTimeTokens::Payload))
                    .col(timestamp_with_time_zone(OneTimeTokens::CreatedAt))
                    .col(timestamp_with_time_zone(OneTimeTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(OneTimeTokens::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OneTimeTokens::Table, OneTimeTokens::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_one_time_tokens_person_purpose")
                    .table(OneTimeTokens::Table)
                    .col(OneTimeTokens::PersonId)
                    .col(OneTimeTokens::Purpose)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_one_time_tokens_expires_at")
                    .table(OneTimeTokens::Table)
                    .col(OneTimeTokens::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OneTimeTokens::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum OneTimeTokens {
    Table,
    Id,
    TokenHash,
    PersonId,
    Purpose,
    Payload,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}
