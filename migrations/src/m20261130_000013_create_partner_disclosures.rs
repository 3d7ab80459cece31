//! Partner disclosures: which partner received which categories of a person's data, when and
//! why. Staff record them (the admin view); the person sees them on "My data".

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
                    .table(PartnerDisclosures::Table)
                    .col(uuid(PartnerDisclosures::Id).primary_key())
                    .col(uuid(PartnerDisclosures::PersonId))
                    .col(string_len(PartnerDisclosures::Partner, 200))
                    // Comma-separated category keys, e.g. "contact,company"
                    .col(string_len(PartnerDisclosures::Categories, 300))
                    .col(text(PartnerDisclosures::Purpose))
                    .col(timestamp_with_time_zone(PartnerDisclosures::DisclosedAt))
                    .col(uuid_null(PartnerDisclosures::StaffId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PartnerDisclosures::Table, PartnerDisclosures::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_partner_disclosures_person")
                    .table(PartnerDisclosures::Table)
                    .col(PartnerDisclosures::PersonId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PartnerDisclosures::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum PartnerDisclosures {
    Table,
    Id,
    PersonId,
    Partner,
    Categories,
    Purpose,
    DisclosedAt,
    StaffId,
}
