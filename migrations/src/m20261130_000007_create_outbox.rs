//! The e-mail outbox. A change that causes an e-mail inserts a row here in its own
//! transaction; a worker delivers it. After delivery the row keeps what was sent to whom and
//! when (kind, person, subject, status), never the body: bodies hold links.

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
                    .table(Outbox::Table)
                    .col(uuid(Outbox::Id).primary_key())
                    // One row per event: a retried request cannot queue the same mail twice.
                    .col(string_len_uniq(Outbox::IdempotencyKey, 128))
                    .col(string_len(Outbox::Kind, 64))
                    .col(uuid_null(Outbox::PersonId))
                    .col(string_len_null(Outbox::ToAddress, 320))
                    // Template variables (JSON). Never a live token: links are minted at send.
                    .col(text_null(Outbox::Payload))
                    .col(string_len_null(Outbox::Subject, 300))
                    // pending | sending | sent | failed | dead
                    .col(string_len(Outbox::Status, 16))
                    .col(integer(Outbox::Attempts).default(0))
                    .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(Outbox::LockedUntil))
                    .col(text_null(Outbox::LastError))
                    .col(string_len(Outbox::MessageId, 200))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Outbox::Table, Outbox::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_outbox_due",
                vec![Outbox::Status, Outbox::NextAttemptAt],
            ),
            ("idx_outbox_person", vec![Outbox::PersonId]),
        ] {
            let mut index = Index::create();
            index.name(name).table(Outbox::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Outbox::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    IdempotencyKey,
    Kind,
    PersonId,
    ToAddress,
    Payload,
    Subject,
    Status,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    LastError,
    MessageId,
    CreatedAt,
    SentAt,
}
