//! The rest of what the policy says is held about a person: phone, postal address, company and
//! job title, preferred language and contact channel, and where they stand as a customer
//! (which decides how long marketing data may be kept and whether service notices can be
//! switched off). SQLite alters one column per statement, so each is its own `ALTER TABLE`.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261130_000001_create_people::People;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Details {
    Phone,
    Street,
    PostalCode,
    City,
    Country,
    Company,
    JobTitle,
    Language,
    ContactChannel,
    Lifecycle,
    ProspectUntil,
    ActiveContract,
}

fn columns() -> Vec<ColumnDef> {
    vec![
        // E.164, e.g. +4512345678
        string_len_null(Details::Phone, 20),
        string_len_null(Details::Street, 200),
        string_len_null(Details::PostalCode, 20),
        string_len_null(Details::City, 100),
        // ISO 3166-1 alpha-2
        string_len_null(Details::Country, 2),
        string_len_null(Details::Company, 200),
        string_len_null(Details::JobTitle, 200),
        string_len(Details::Language, 8).default("en").to_owned(),
        // email | phone | post
        string_len(Details::ContactChannel, 8)
            .default("email")
            .to_owned(),
        // prospect | customer | former
        string_len(Details::Lifecycle, 16)
            .default("prospect")
            .to_owned(),
        date_null(Details::ProspectUntil),
        boolean(Details::ActiveContract).default(false).to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for mut column in columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table(People::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Details::ActiveContract,
            Details::ProspectUntil,
            Details::Lifecycle,
            Details::ContactChannel,
            Details::Language,
            Details::JobTitle,
            Details::Company,
            Details::Country,
            Details::City,
            Details::PostalCode,
            Details::Street,
            Details::Phone,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(People::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
