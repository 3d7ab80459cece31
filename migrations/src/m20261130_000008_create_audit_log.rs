//! The audit log: who did what, when, from where, to whose data. Append-only. The event
//! columns stay forever; the personal values (`ip`, `user_agent`, `details` with old/new
//! contents) are separate columns so that erasure can clear them and keep the event.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(uuid(AuditLog::Id).primary_key())
                    .col(timestamp_with_time_zone(AuditLog::OccurredAt))
                    // person | staff | system | anonymous
                    .col(string_len(AuditLog::ActorKind, 16))
                    .col(uuid_null(AuditLog::ActorId))
                    // Whose data the event concerns. No foreign key: the event outlives erasure.
                    .col(uuid_null(AuditLog::PersonId))
                    .col(string_len(AuditLog::Action, 64))
                    .col(string_len_null(AuditLog::RequestId, 64))
                    .col(text_null(AuditLog::Reason))
                    .col(string_len_null(AuditLog::Ip, 64))
                    .col(string_len_null(AuditLog::UserAgent, 512))
                    .col(text_null(AuditLog::Details))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_person")
                    .table(AuditLog::Table)
                    .col(AuditLog::PersonId)
                    .col(AuditLog::OccurredAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    OccurredAt,
    ActorKind,
    ActorId,
    PersonId,
    Action,
    RequestId,
    Reason,
    Ip,
    UserAgent,
    Details,
}
