//! What the newsletter sender's API needs: API keys (only hashes), webhooks with their
//! delivery cursor, per-person revocation of profile links, and the suppression of erased
//! addresses as keyed hashes under a key of their own (kept in the database, so rotating the
//! server secret never un-suppresses anyone).

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261130_000001_create_people::People;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(People::Table)
                    .add_column(timestamp_with_time_zone_null(Extra::LinksRevokedBefore))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApiKeys::Table)
                    .col(uuid(ApiKeys::Id).primary_key())
                    .col(string_len(ApiKeys::Name, 100))
                    // The public part of the key, to find it; the rest is only hashed.
                    .col(string_len_uniq(ApiKeys::Prefix, 16))
                    .col(string_len(ApiKeys::SecretHash, 64))
                    // Comma-separated: read:audience, write:events
                    .col(string_len(ApiKeys::Scopes, 100))
                    .col(timestamp_with_time_zone(ApiKeys::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiKeys::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiKeys::RevokedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Webhooks::Table)
                    .col(uuid(Webhooks::Id).primary_key())
                    .col(string_len(Webhooks::Url, 500))
                    // The last consent-ledger entry delivered.
                    .col(big_integer(Webhooks::Cursor).default(0))
                    .col(integer(Webhooks::Failures).default(0))
                    .col(timestamp_with_time_zone(Webhooks::NextAttemptAt))
                    .col(text_null(Webhooks::LastError))
                    .col(timestamp_with_time_zone(Webhooks::CreatedAt))
                    .col(timestamp_with_time_zone_null(Webhooks::DisabledAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SuppressionKeys::Table)
                    .col(integer(SuppressionKeys::Version).primary_key())
                    .col(string_len(SuppressionKeys::Key, 64))
                    .col(timestamp_with_time_zone(SuppressionKeys::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SuppressedHashes::Table)
                    .col(string_len(SuppressedHashes::Hash, 64))
                    .col(integer(SuppressedHashes::KeyVersion))
                    // erased | complaint | …
                    .col(string_len(SuppressedHashes::Reason, 32))
                    .col(timestamp_with_time_zone(SuppressedHashes::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(SuppressedHashes::Hash)
                            .col(SuppressedHashes::KeyVersion),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SuppressedHashes::Table.into_iden(),
            SuppressionKeys::Table.into_iden(),
            Webhooks::Table.into_iden(),
            ApiKeys::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(People::Table)
                    .drop_column(Extra::LinksRevokedBefore)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Extra {
    LinksRevokedBefore,
}

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    Name,
    Prefix,
    SecretHash,
    Scopes,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Webhooks {
    Table,
    Id,
    Url,
    Cursor,
    Failures,
    NextAttemptAt,
    LastError,
    CreatedAt,
    DisabledAt,
}

#[derive(DeriveIden)]
enum SuppressionKeys {
    Table,
    Version,
    Key,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SuppressedHashes {
    Table,
    Hash,
    KeyVersion,
    Reason,
    CreatedAt,
}
