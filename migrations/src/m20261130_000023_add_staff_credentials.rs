//! Staff sign in with a password and a second factor (TOTP). A staff member is created with a
//! set-up link (its hash and expiry here) and a pending TOTP secret; following the link they
//! choose a password and prove the authenticator app works. `totp_last_step` makes each code
//! work once.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261130_000002_create_staff::Staff;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Added {
    PasswordHash,
    TotpSecret,
    TotpEnrolledAt,
    TotpLastStep,
    SetupTokenHash,
    SetupExpiresAt,
}

const ADDED: [Added; 6] = [
    Added::PasswordHash,
    Added::TotpSecret,
    Added::TotpEnrolledAt,
    Added::TotpLastStep,
    Added::SetupTokenHash,
    Added::SetupExpiresAt,
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ADDED {
            let definition = match column {
                Added::PasswordHash | Added::TotpSecret | Added::SetupTokenHash => {
                    text_null(column)
                }
                Added::TotpEnrolledAt | Added::SetupExpiresAt => {
                    timestamp_with_time_zone_null(column)
                }
                Added::TotpLastStep => big_integer_null(column),
            };
            manager
                .alter_table(
                    Table::alter()
                        .table(Staff::Table)
                        .add_column(definition)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ADDED.into_iter().rev() {
            manager
                .alter_table(
                    Table::alter()
                        .table(Staff::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
