//! Versions of the privacy policy. Every consent entry records the version in force. Version 1
//! is seeded here; the rights feature adds the model for publishing later ones.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PolicyVersions::Table)
                    .col(integer(PolicyVersions::Version).primary_key())
                    .col(timestamp_with_time_zone(PolicyVersions::EffectiveAt))
                    .col(boolean(PolicyVersions::Material).default(false))
                    .col(text(PolicyVersions::Summary))
                    .to_owned(),
            )
            .await?;
        let insert = Query::insert()
            .into_table(PolicyVersions::Table)
            .columns([
                PolicyVersions::Version,
                PolicyVersions::EffectiveAt,
                PolicyVersions::Material,
                PolicyVersions::Summary,
            ])
            .values_panic([
                1.into(),
                // A literal both databases read as a timestamp (a bound text parameter would be
                // refused by PostgreSQL's typed protocol).
                Expr::cust("'2018-05-25T00:00:00+00:00'"),
                false.into(),
                "The first published version of the privacy policy.".into(),
            ])
            .to_owned();
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PolicyVersions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum PolicyVersions {
    Table,
    Version,
    EffectiveAt,
    Material,
    Summary,
}
