//! The current state of each consent, kept beside the ledger in the same transaction (the
//! audience query reads this, not the whole ledger). `last_seq` names the ledger entry the
//! state comes from; a test holds the two in agreement.

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
                    .table(ConsentStates::Table)
                    .col(uuid(ConsentStates::PersonId))
                    .col(string_len(ConsentStates::TopicKey, 64))
                    .col(string_len(ConsentStates::State, 16))
                    .col(integer(ConsentStates::TopicVersion))
                    .col(big_integer(ConsentStates::LastSeq))
                    .col(timestamp_with_time_zone(ConsentStates::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(ConsentStates::PersonId)
                            .col(ConsentStates::TopicKey),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ConsentStates::Table, ConsentStates::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_consent_states_topic_state")
                    .table(ConsentStates::Table)
                    .col(ConsentStates::TopicKey)
                    .col(ConsentStates::State)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ConsentStates::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ConsentStates {
    Table,
    PersonId,
    TopicKey,
    State,
    TopicVersion,
    LastSeq,
    UpdatedAt,
}
