//! The record of processing activities (GDPR Art. 30): purposes, categories of data,
//! recipients, transfers outside the EU/EEA with their safeguard, and retention. An activity
//! tied to a consent topic applies to the people who granted it; one without applies to all.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProcessingActivities::Table)
                    .col(uuid(ProcessingActivities::Id).primary_key())
                    .col(text(ProcessingActivities::Purpose))
                    .col(string_len(ProcessingActivities::LegalBasis, 64))
                    .col(text(ProcessingActivities::Categories))
                    .col(text(ProcessingActivities::Recipients))
                    .col(text_null(ProcessingActivities::Transfers))
                    .col(text(ProcessingActivities::Retention))
                    .col(string_len_null(ProcessingActivities::TopicKey, 64))
                    .col(timestamp_with_time_zone(ProcessingActivities::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ProcessingActivities::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ProcessingActivities {
    Table,
    Id,
    Purpose,
    LegalBasis,
    Categories,
    Recipients,
    Transfers,
    Retention,
    TopicKey,
    CreatedAt,
}
