//! The text of each policy version (the page shows it), and which version each person has
//! acknowledged: a material change shows a notice until they do.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261130_000001_create_people::People;
use crate::m20261130_000015_create_policy_versions::PolicyVersions;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Added {
    Body,
    PolicyAcknowledged,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(PolicyVersions::Table)
                    .add_column(text(Added::Body).default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(People::Table)
                    .add_column(integer_null(Added::PolicyAcknowledged))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(People::Table)
                    .drop_column(Added::PolicyAcknowledged)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(PolicyVersions::Table)
                    .drop_column(Added::Body)
                    .to_owned(),
            )
            .await
    }
}
