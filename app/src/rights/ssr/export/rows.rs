//! The rows of the download, section by section, with the names a reader sees.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;
use crate::store::consent_ledger as ledger;
use crate::store::people;

#[derive(Serialize)]
pub struct About {
    pub schema: &'static str,
    pub generated_at: DateTime<Utc>,
    pub controller: String,
    pub privacy_contact: String,
}

#[derive(Serialize)]
pub struct PersonRow {
    pub id: Uuid,
    pub email: String,
    pub email_confirmed_at: Option<DateTime<Utc>>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub company: Option<String>,
    pub job_title: Option<String>,
    pub language: String,
    pub contact_channel: String,
    pub lifecycle: String,
    pub prospect_until: Option<NaiveDate>,
    pub active_contract: bool,
    pub restricted_at: Option<DateTime<Utc>>,
    pub bounced_at: Option<DateTime<Utc>>,
    pub policy_acknowledged: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The password itself is never exported, not even its hash.
#[derive(Serialize)]
pub struct AccountRow {
    pub has_password: bool,
    pub password_set_at: Option<DateTime<Utc>>,
    pub password_changed_at: Option<DateTime<Utc>>,
}

#[derive(Serialize)]
pub struct SessionRow {
    pub expires_at: DateTime<Utc>,
}

#[derive(Serialize)]
pub struct RegistrationRow {
    pub event: String,
    pub place: String,
    pub starts_at: Option<DateTime<Utc>>,
    pub registered_at: DateTime<Utc>,
    pub meal_preference: Option<String>,
    pub dietary_needs: Option<String>,
}

#[derive(Serialize)]
pub struct ConsentRow {
    pub topic: String,
    pub state: String,
    pub topic_version: i32,
    pub updated_at: DateTime<Utc>,
}

#[derive(Serialize)]
pub struct LedgerRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub topic: String,
    pub topic_version: i32,
    pub state: String,
    pub previous_state: String,
    pub source: String,
    pub actor: String,
    pub reason: Option<String>,
    pub wording: String,
    pub policy_version: i32,
    pub change_id: Uuid,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Serialize)]
pub struct AccessRow {
    pub at: DateTime<Utc>,
    pub method: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Serialize)]
pub struct DisclosureRow {
    pub at: DateTime<Utc>,
    pub partner: String,
    pub categories: String,
    pub purpose: String,
}

/// One audit event about the person: what was done, by whom (kind of actor), why.
#[derive(Serialize)]
pub struct ActivityRow {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub reason: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// JSON text: the old and new values, when the event changed something.
    pub details: Option<String>,
}

#[derive(Serialize)]
pub struct RequestRow {
    pub kind: String,
    pub channel: String,
    pub received_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub status: String,
    pub closed_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    pub extension_reason: Option<String>,
}

/// An e-mail sent (or to be sent) to the person: never its body.
#[derive(Serialize)]
pub struct EmailRow {
    pub kind: String,
    pub subject: Option<String>,
    pub status: String,
    pub queued_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

#[derive(Serialize)]
pub struct ProcessingRow {
    pub purpose: String,
    pub legal_basis: String,
    pub categories: String,
    pub recipients: String,
    pub transfers: Option<String>,
    pub retention: String,
}

pub(super) fn person_row(p: people::Model) -> PersonRow {
    PersonRow {
        id: p.id,
        email: p.email,
        email_confirmed_at: p.email_verified_at,
        name: p.full_name,
        phone: p.phone,
        street: p.street,
        postal_code: p.postal_code,
        city: p.city,
        country: p.country,
        company: p.company,
        job_title: p.job_title,
        language: p.language,
        contact_channel: p.contact_channel,
        lifecycle: p.lifecycle.as_str().to_owned(),
        prospect_until: p.prospect_until,
        active_contract: p.active_contract,
        restricted_at: p.restricted_at,
        bounced_at: p.bounced_at,
        policy_acknowledged: p.policy_acknowledged,
        created_at: p.created_at,
        updated_at: p.updated_at,
    }
}

pub(super) fn ledger_row(l: ledger::Model) -> LedgerRow {
    LedgerRow {
        seq: l.seq,
        at: l.occurred_at,
        topic: l.topic_key,
        topic_version: l.topic_version,
        state: l.state.as_str().to_owned(),
        previous_state: l.previous_state.as_str().to_owned(),
        source: l.source.as_str().to_owned(),
        actor: l.actor_kind,
        reason: l.reason,
        wording: l.wording,
        policy_version: l.policy_version,
        change_id: l.change_id,
        ip: l.ip,
        user_agent: l.user_agent,
    }
}
