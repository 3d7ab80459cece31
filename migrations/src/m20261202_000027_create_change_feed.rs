//! The change feed senders read (`/api/v1/changes`, webhooks): every event that changes whom
//! they may mail, in the order the events committed. Writers append rows with no `position`
//! in their own transaction; `position` is handed out later, one placing at a time, so a
//! reader that has seen position N has seen everything before it (the ledger's `seq` is
//! taken when a row is written, and PostgreSQL commits out of that order).
//!
//! Kinds: `consent` (topic, state, source), `restricted`, `restriction_lifted`, `erased`
//! (with the keyed hash of the address, as on the suppression list), `bounced`, `complained`.
//! Existing consent changes are carried over with their ledger `seq` as their position, so a
//! sender's cursor stays valid.

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
                    .table(ChangeFeed::Table)
                    .col(big_pk_auto(ChangeFeed::Id))
                    .col(big_integer_null(ChangeFeed::Position).unique_key())
                    .col(uuid(ChangeFeed::PersonId))
                    .col(string_len(ChangeFeed::Kind, 32))
                    .col(string_len_null(ChangeFeed::TopicKey, 64))
                    .col(string_len_null(ChangeFeed::State, 16))
                    .col(string_len_null(ChangeFeed::Source, 32))
                    .col(string_len_null(ChangeFeed::EmailHash, 128))
                    .col(integer_null(ChangeFeed::KeyVersion))
                    .col(timestamp_with_time_zone(ChangeFeed::OccurredAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ChangeFeed::Table, ChangeFeed::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // What waits for a position, found without reading the placed rows.
        db.execute_unprepared(
            "CREATE INDEX idx_change_feed_unplaced ON change_feed (id) WHERE position IS NULL",
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO change_feed (position, person_id, kind, topic_key, state, source, occurred_at) \
             SELECT seq, person_id, 'consent', topic_key, state, source, occurred_at FROM consent_ledger",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChangeFeed::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ChangeFeed {
    Table,
    Id,
    Position,
    PersonId,
    Kind,
    TopicKey,
    State,
    Source,
    EmailHash,
    KeyVersion,
    OccurredAt,
}
