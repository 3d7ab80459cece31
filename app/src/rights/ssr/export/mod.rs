//! "Download my data" (Art. 15 and 20): everything held about a person, as one JSON document
//! (schema in `docs`, see [`SCHEMA`]) or as a zip of CSV files, one per category.
//!
//! One walk over the data ([`walk`]) feeds both formats through a [`Sink`]. The JSON sink
//! streams: sections are read one at a time and the growing ones (consent ledger, activity)
//! in pages of [`PAGE`] rows, so memory stays flat however long the history. The zip is
//! built in memory (a zip's directory comes last, and the files are small once compressed).
//!
//! [`TABLES`] names the section that holds each table's rows about the person; a test
//! compares it with the database's own list of tables with a `person_id`, so a new table
//! cannot be left out of the export unnoticed.

mod record;
mod rows;
mod sinks;

pub use record::{record_download, record_staff_download};
use rows::*;
pub use sinks::{CsvZipSink, JsonSink};


use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::ExprTrait,
};
use serde::Serialize;
use uuid::Uuid;

use super::requests;
use crate::store::{
    access_records, credentials, event_registrations, events, partner_disclosures, sessions,
};
use crate::store::{consent_ledger as ledger, consent_states as state};
use crate::store::outbox;
use crate::store::people;
use crate::platform::context::AppContext;
use crate::policy::ssr::processing;

/// Names the document's shape; bumped when a field changes meaning or goes.
pub const SCHEMA: &str = "prefcentre-export/1";

/// Rows per database read for the sections that grow without bound.
pub const PAGE: u64 = 1000;

/// Table → the export section holding its rows about the person.
pub const TABLES: &[(&str, &str)] = &[
    ("people", "person"),
    ("credentials", "account"),
    ("sessions", "sessions"),
    ("event_registrations", "event_registrations"),
    ("consent_states", "consents"),
    ("consent_ledger", "consent_ledger"),
    ("access_records", "access_records"),
    ("partner_disclosures", "partner_disclosures"),
    ("audit_log", "activity"),
    ("rights_requests", "rights_requests"),
    ("outbox", "emails"),
];

/// Tables with rows about a person that the export leaves out, and why.
pub const NOT_EXPORTED: &[(&str, &str)] = &[
    (
        "one_time_tokens",
        "hashes of single-use links, each expiring within days (a pending new address rides on \
         its confirmation link until confirmed, and is shown on the address page meanwhile)",
    ),
    (
        "change_feed",
        "the order in which changes were handed to senders: each row copies a consent change \
         (in the consent ledger), a restriction, erasure, bounce or complaint (in the person \
         record and the activity), all exported above",
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error("cannot write the export: {0}")]
    Write(String),
    /// The browser went away mid-download.
    #[error("the download was abandoned")]
    Abandoned,
}

impl From<std::io::Error> for ExportError {
    fn from(err: std::io::Error) -> Self {
        Self::Write(err.to_string())
    }
}

impl From<serde_json::Error> for ExportError {
    fn from(err: serde_json::Error) -> Self {
        Self::Write(err.to_string())
    }
}

impl From<csv::Error> for ExportError {
    fn from(err: csv::Error) -> Self {
        Self::Write(err.to_string())
    }
}

impl From<zip::result::ZipError> for ExportError {
    fn from(err: zip::result::ZipError) -> Self {
        Self::Write(err.to_string())
    }
}

/// Where the walk writes: one object section, or a list section in one or more batches.
/// Only this crate's two sinks implement it; their futures are `Send` (the JSON walk runs on
/// a spawned task), which the compiler checks where they are spawned.
#[allow(async_fn_in_trait)]
pub trait Sink {
    async fn object<T: Serialize>(&mut self, name: &str, value: &T) -> Result<(), ExportError>;
    async fn begin(&mut self, name: &str) -> Result<(), ExportError>;
    async fn rows<T: Serialize>(&mut self, rows: &[T]) -> Result<(), ExportError>;
    async fn end(&mut self) -> Result<(), ExportError>;

    async fn list<T: Serialize>(&mut self, name: &str, rows: &[T]) -> Result<(), ExportError> {
        self.begin(name).await?;
        self.rows(rows).await?;
        self.end().await
    }
}

/// Reads everything about the person into `sink`, section by section. `false` when there is
/// no such person (or they were erased: nothing personal is left to give).
pub async fn walk<S: Sink>(
    ctx: &AppContext,
    person_id: Uuid,
    sink: &mut S,
) -> Result<bool, ExportError> {
    let db = &ctx.db;
    let Some(person) = people::Entity::find_by_id(person_id).one(db).await? else {
        return Ok(false);
    };
    if person.erased_at.is_some() {
        return Ok(false);
    }
    let org = &ctx.public.organisation;
    let about = About {
        schema: SCHEMA,
        generated_at: ctx.clock.now(),
        controller: org.name.clone(),
        privacy_contact: org.privacy_email.clone(),
    };
    sink.object("about", &about).await?;
    sink.object("person", &person_row(person)).await?;

    let credential = credentials::Entity::find_by_id(person_id).one(db).await?;
    let account = AccountRow {
        has_password: credential.is_some(),
        password_set_at: credential.as_ref().map(|c| c.created_at),
        password_changed_at: credential.as_ref().map(|c| c.changed_at),
    };
    sink.object("account", &account).await?;

    let sessions: Vec<SessionRow> = sessions::Entity::find()
        .filter(sessions::Column::PersonId.eq(person_id))
        .order_by_asc(sessions::Column::ExpiresAt)
        .all(db)
        .await?
        .into_iter()
        .map(|s| SessionRow {
            expires_at: s.expires_at,
        })
        .collect();
    sink.list("sessions", &sessions).await?;

    sink.list("event_registrations", &registrations(db, person_id).await?)
        .await?;

    let consents: Vec<ConsentRow> = state::Entity::find()
        .filter(state::Column::PersonId.eq(person_id))
        .order_by_asc(state::Column::TopicKey)
        .all(db)
        .await?
        .into_iter()
        .map(|s| ConsentRow {
            topic: s.topic_key,
            state: s.state.as_str().to_owned(),
            topic_version: s.topic_version,
            updated_at: s.updated_at,
        })
        .collect();
    sink.list("consents", &consents).await?;

    sink.begin("consent_ledger").await?;
    let mut after = i64::MIN;
    loop {
        let page = ledger::Entity::find()
            .filter(ledger::Column::PersonId.eq(person_id))
            .filter(ledger::Column::Seq.gt(after))
            .order_by_asc(ledger::Column::Seq)
            .limit(PAGE)
            .all(db)
            .await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        let full = page.len() as u64 == PAGE;
        sink.rows(&page.into_iter().map(ledger_row).collect::<Vec<_>>())
            .await?;
        if !full {
            break;
        }
    }
    sink.end().await?;

    let access: Vec<AccessRow> = access_records::Entity::find()
        .filter(access_records::Column::PersonId.eq(person_id))
        .order_by_asc(access_records::Column::OccurredAt)
        .all(db)
        .await?
        .into_iter()
        .map(|a| AccessRow {
            at: a.occurred_at,
            method: a.method,
            ip: a.ip,
            user_agent: a.user_agent,
        })
        .collect();
    sink.list("access_records", &access).await?;

    let disclosures: Vec<DisclosureRow> = partner_disclosures::Entity::find()
        .filter(partner_disclosures::Column::PersonId.eq(person_id))
        .order_by_asc(partner_disclosures::Column::DisclosedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|d| DisclosureRow {
            at: d.disclosed_at,
            partner: d.partner,
            categories: d.categories,
            purpose: d.purpose,
        })
        .collect();
    sink.list("partner_disclosures", &disclosures).await?;

    activity(db, person_id, sink, "activity", false).await?;
    activity(db, person_id, sink, "staff_views", true).await?;

    let requests: Vec<RequestRow> = requests::of_person(db, person_id)
        .await?
        .into_iter()
        .map(|r| RequestRow {
            kind: r.kind.as_str().to_owned(),
            channel: r.channel,
            received_at: r.received_at,
            due_at: r.due_at,
            status: r.status.as_str().to_owned(),
            closed_at: r.closed_at,
            outcome: r.outcome,
            extension_reason: r.extension_reason,
        })
        .collect();
    sink.list("rights_requests", &requests).await?;

    let emails: Vec<EmailRow> = outbox::Entity::find()
        .filter(outbox::Column::PersonId.eq(person_id))
        .order_by_asc(outbox::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|m| EmailRow {
            kind: m.kind,
            subject: m.subject,
            status: m.status.to_value(),
            queued_at: m.created_at,
            sent_at: m.sent_at,
        })
        .collect();
    sink.list("emails", &emails).await?;

    let processing: Vec<ProcessingRow> = processing::applying_to(db, person_id)
        .await?
        .into_iter()
        .map(|p| ProcessingRow {
            purpose: p.purpose,
            legal_basis: p.legal_basis,
            categories: p.categories,
            recipients: p.recipients,
            transfers: p.transfers,
            retention: p.retention,
        })
        .collect();
    sink.list("processing", &processing).await?;
    Ok(true)
}

async fn registrations(
    db: &impl ConnectionTrait,
    person_id: Uuid,
) -> Result<Vec<RegistrationRow>, DbErr> {
    let rows = event_registrations::Entity::find()
        .filter(event_registrations::Column::PersonId.eq(person_id))
        .order_by_asc(event_registrations::Column::RegisteredAt)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let event = events::Entity::find_by_id(r.event_id).one(db).await?;
        out.push(RegistrationRow {
            event: event.as_ref().map(|e| e.title.clone()).unwrap_or_default(),
            place: event.as_ref().map(|e| e.place.clone()).unwrap_or_default(),
            starts_at: event.map(|e| e.starts_at),
            registered_at: r.registered_at,
            meal_preference: r.meal_preference,
            dietary_needs: r.dietary_needs,
        });
    }
    Ok(out)
}

/// The audit events about the person, oldest first, in pages; `staff_only` keeps the ones
/// where staff looked at or acted on the person's data.
async fn activity<S: Sink>(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    sink: &mut S,
    name: &str,
    staff_only: bool,
) -> Result<(), ExportError> {
    use crate::store::audit_log::{Column, Entity};
    sink.begin(name).await?;
    let mut after: Option<(DateTime<Utc>, Uuid)> = None;
    loop {
        let mut query = Entity::find().filter(Column::PersonId.eq(person_id));
        if staff_only {
            query = query.filter(Column::ActorKind.eq("staff"));
        }
        if let Some((at, id)) = after {
            query = query.filter(
                Column::OccurredAt
                    .gt(at)
                    .or(Column::OccurredAt.eq(at).and(Column::Id.gt(id))),
            );
        }
        let page = query
            .order_by_asc(Column::OccurredAt)
            .order_by_asc(Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let Some(last) = page.last() else { break };
        after = Some((last.occurred_at, last.id));
        let full = page.len() as u64 == PAGE;
        let rows: Vec<ActivityRow> = page
            .into_iter()
            .map(|a| ActivityRow {
                at: a.occurred_at,
                actor: a.actor_kind,
                action: a.action,
                reason: a.reason,
                ip: a.ip,
                user_agent: a.user_agent,
                details: a.details,
            })
            .collect();
        sink.rows(&rows).await?;
        if !full {
            break;
        }
    }
    sink.end().await
}

