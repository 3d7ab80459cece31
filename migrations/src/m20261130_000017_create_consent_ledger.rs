//! The consent ledger: append-only evidence of every change of every consent (GDPR Art. 7(1)).
//! `seq` orders entries; the current state is the last entry per person and topic, and is
//! also kept in `consent_states`, written in the same transaction. Personal values of the
//! entry (IP, user agent) are separate columns so erasure can clear them and keep the event.

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
                    .table(ConsentLedger::Table)
                    .col(big_pk_auto(ConsentLedger::Seq))
                    .col(uuid(ConsentLedger::PersonId))
                    .col(string_len(ConsentLedger::TopicKey, 64))
                    .col(integer(ConsentLedger::TopicVersion))
                    // granted | withdrawn | pending
                    .col(string_len(ConsentLedger::State, 16))
                    .col(string_len(ConsentLedger::PreviousState, 16))
                    .col(timestamp_with_time_zone(ConsentLedger::OccurredAt))
                    // account page | profile link | one-click | staff | import | api |
                    // double opt-in confirm | undo | system
                    .col(string_len(ConsentLedger::Source, 32))
                    .col(string_len(ConsentLedger::ActorKind, 16))
                    .col(uuid_null(ConsentLedger::ActorId))
                    .col(text_null(ConsentLedger::Reason))
                    .col(text(ConsentLedger::Wording))
                    .col(integer(ConsentLedger::PolicyVersion))
                    // Entries saved together share a change id (one e-mail, one undo).
                    .col(uuid(ConsentLedger::ChangeId))
                    .col(string_len_null(ConsentLedger::Ip, 64))
                    .col(string_len_null(ConsentLedger::UserAgent, 512))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ConsentLedger::Table, ConsentLedger::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_consent_ledger_person",
                vec![ConsentLedger::PersonId, ConsentLedger::Seq],
            ),
            ("idx_consent_ledger_change", vec![ConsentLedger::ChangeId]),
            ("idx_consent_ledger_time", vec![ConsentLedger::OccurredAt]),
        ] {
            let mut index = Index::create();
            index.name(name).table(ConsentLedger::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ConsentLedger::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ConsentLedger {
    Table,
    Seq,
    PersonId,
    TopicKey,
    TopicVersion,
    State,
    PreviousState,
    OccurredAt,
    Source,
    ActorKind,
    ActorId,
    Reason,
    Wording,
    PolicyVersion,
    ChangeId,
    Ip,
    UserAgent,
}
