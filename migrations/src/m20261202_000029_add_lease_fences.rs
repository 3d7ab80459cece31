//! Fencing tokens. A job lease counts its claims in `fence`, and an outbox claim names itself
//! in `claim`: a runner or worker whose lease ran out (a long pause, a lost connection) and
//! was taken over can no longer release, extend or settle what is now someone else's.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(JobLeases::Table)
                    .add_column(big_integer(JobLeases::Fence).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(uuid_null(Outbox::Claim))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(JobLeases::Table)
                    .drop_column(JobLeases::Fence)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .drop_column(Outbox::Claim)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum JobLeases {
    Table,
    Fence,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Claim,
}
