//! The store floor: one module per table, each its sea-orm entity (and, where several
//! features need them, the queries they share). It sits below every feature and uses only
//! `domain` and the crates: features take their tables from here, never from each other.

pub mod access_records;
pub mod api_keys;
pub mod audit_log;
pub mod change_feed;
pub mod consent_ledger;
pub mod consent_states;
pub mod consent_topics;
pub mod credentials;
pub mod event_registrations;
pub mod events;
pub mod job_leases;
pub mod one_time_tokens;
pub mod outbox;
pub mod partner_disclosures;
pub mod partners;
pub mod people;
pub mod policy_versions;
pub mod processing_activities;
pub mod rate_limits;
pub mod rights_requests;
pub mod sessions;
pub mod staff;
pub mod staff_recovery_codes;
pub mod suppressed_hashes;
pub mod suppression_keys;
pub mod webhooks;
