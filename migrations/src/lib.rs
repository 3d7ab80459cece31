//! Prefcentre's database schema.
//!
//! One change per file, each with a real `down()`. A migration is never edited once it has
//! landed on `main`: a later change is a new file. The same migrations run on SQLite and
//! PostgreSQL, so they use only what sea-query renders for both.

pub use sea_orm_migration::prelude::*;

mod m20261130_000001_create_people;
mod m20261130_000002_create_staff;
mod m20261130_000003_create_sessions;
mod m20261130_000004_create_job_leases;
mod m20261130_000005_create_credentials;
mod m20261130_000006_create_one_time_tokens;
mod m20261130_000007_create_outbox;
mod m20261130_000008_create_audit_log;
mod m20261130_000009_create_rate_limits;
mod m20261130_000010_add_person_details;
mod m20261130_000011_create_events;
mod m20261130_000012_create_access_records;
mod m20261130_000013_create_partner_disclosures;
mod m20261130_000014_add_person_flags;
mod m20261130_000015_create_policy_versions;
mod m20261130_000016_create_consent_topics;
mod m20261130_000017_create_consent_ledger;
mod m20261130_000018_create_consent_states;
mod m20261130_000019_create_sender_api;
mod m20261130_000020_create_rights_requests;
mod m20261130_000021_add_policy_text_and_acknowledgement;
mod m20261130_000022_create_processing_activities;
mod m20261130_000023_add_staff_credentials;
mod m20261130_000024_create_staff_recovery_codes;
mod m20261130_000025_create_partners;
mod m20261201_000026_add_webhook_secrets;
mod m20261202_000027_create_change_feed;
mod m20261202_000028_add_policy_announcement_progress;
mod m20261202_000029_add_lease_fences;
mod m20261204_000030_add_outbox_locale;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261130_000001_create_people::Migration),
            Box::new(m20261130_000002_create_staff::Migration),
            Box::new(m20261130_000003_create_sessions::Migration),
            Box::new(m20261130_000004_create_job_leases::Migration),
            Box::new(m20261130_000005_create_credentials::Migration),
            Box::new(m20261130_000006_create_one_time_tokens::Migration),
            Box::new(m20261130_000007_create_outbox::Migration),
            Box::new(m20261130_000008_create_audit_log::Migration),
            Box::new(m20261130_000009_create_rate_limits::Migration),
            Box::new(m20261130_000010_add_person_details::Migration),
            Box::new(m20261130_000011_create_events::Migration),
            Box::new(m20261130_000012_create_access_records::Migration),
            Box::new(m20261130_000013_create_partner_disclosures::Migration),
            Box::new(m20261130_000014_add_person_flags::Migration),
            Box::new(m20261130_000015_create_policy_versions::Migration),
            Box::new(m20261130_000016_create_consent_topics::Migration),
            Box::new(m20261130_000017_create_consent_ledger::Migration),
            Box::new(m20261130_000018_create_consent_states::Migration),
            Box::new(m20261130_000019_create_sender_api::Migration),
            Box::new(m20261130_000020_create_rights_requests::Migration),
            Box::new(m20261130_000021_add_policy_text_and_acknowledgement::Migration),
            Box::new(m20261130_000022_create_processing_activities::Migration),
            Box::new(m20261130_000023_add_staff_credentials::Migration),
            Box::new(m20261130_000024_create_staff_recovery_codes::Migration),
            Box::new(m20261130_000025_create_partners::Migration),
            Box::new(m20261201_000026_add_webhook_secrets::Migration),
            Box::new(m20261202_000027_create_change_feed::Migration),
            Box::new(m20261202_000028_add_policy_announcement_progress::Migration),
            Box::new(m20261202_000029_add_lease_fences::Migration),
            Box::new(m20261204_000030_add_outbox_locale::Migration),
        ]
    }
}
