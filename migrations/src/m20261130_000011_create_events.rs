//! Events people register for, and their registrations with meal preferences (the policy's
//! "if you sign up for an event, we may also ask for your meal preferences").

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
                    .table(Events::Table)
                    .col(uuid(Events::Id).primary_key())
                    .col(string_len(Events::Title, 200))
                    .col(string_len(Events::Place, 200))
                    .col(timestamp_with_time_zone(Events::StartsAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EventRegistrations::Table)
                    .col(uuid(EventRegistrations::Id).primary_key())
                    .col(uuid(EventRegistrations::PersonId))
                    .col(uuid(EventRegistrations::EventId))
                    .col(timestamp_with_time_zone(EventRegistrations::RegisteredAt))
                    // none | vegetarian | vegan | … (see the domain's MealPreference)
                    .col(string_len_null(EventRegistrations::MealPreference, 32))
                    .col(string_len_null(EventRegistrations::DietaryNeeds, 300))
                    .col(integer(EventRegistrations::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .from(EventRegistrations::Table, EventRegistrations::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(EventRegistrations::Table, EventRegistrations::EventId)
                            .to(Events::Table, Events::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_event_registrations_person")
                    .table(EventRegistrations::Table)
                    .col(EventRegistrations::PersonId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(EventRegistrations::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Events::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    Title,
    Place,
    StartsAt,
}

#[derive(DeriveIden)]
enum EventRegistrations {
    Table,
    Id,
    PersonId,
    EventId,
    RegisteredAt,
    MealPreference,
    DietaryNeeds,
    Version,
}
