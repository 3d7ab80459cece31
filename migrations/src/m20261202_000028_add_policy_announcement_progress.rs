//! A material policy change is published at once and announced afterwards, in batches, by a
//! job: `announce_next_at` is set while notices remain to be queued (the send time of the
//! next one), `announce_after` is the last person queued (people go in id order), and
//! `notices_queued` counts them. Versions published before were announced in their own
//! transaction and are left with nothing pending.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [
            timestamp_with_time_zone_null(PolicyVersions::AnnounceNextAt),
            uuid_null(PolicyVersions::AnnounceAfter),
            integer(PolicyVersions::NoticesQueued).default(0).to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(PolicyVersions::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            PolicyVersions::AnnounceNextAt,
            PolicyVersions::AnnounceAfter,
            PolicyVersions::NoticesQueued,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(PolicyVersions::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum PolicyVersions {
    Table,
    AnnounceNextAt,
    AnnounceAfter,
    NoticesQueued,
}
