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

use std::io::{Cursor, Write};

use bytes::Bytes;
use chrono::{DateTime, NaiveDate, Utc};
use futures::{SinkExt, channel::mpsc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
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
use crate::platform::csv_out::CsvOut;
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
            state: s.state,
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
            kind: r.kind,
            channel: r.channel,
            received_at: r.received_at,
            due_at: r.due_at,
            status: r.status,
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
            status: m.status,
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

fn person_row(p: people::Model) -> PersonRow {
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
        lifecycle: p.lifecycle,
        prospect_until: p.prospect_until,
        active_contract: p.active_contract,
        restricted_at: p.restricted_at,
        bounced_at: p.bounced_at,
        policy_acknowledged: p.policy_acknowledged,
        created_at: p.created_at,
        updated_at: p.updated_at,
    }
}

fn ledger_row(l: ledger::Model) -> LedgerRow {
    LedgerRow {
        seq: l.seq,
        at: l.occurred_at,
        topic: l.topic_key,
        topic_version: l.topic_version,
        state: l.state,
        previous_state: l.previous_state,
        source: l.source,
        actor: l.actor_kind,
        reason: l.reason,
        wording: l.wording,
        policy_version: l.policy_version,
        change_id: l.change_id,
        ip: l.ip,
        user_agent: l.user_agent,
    }
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

/// Streams the JSON document: bytes leave in chunks of about [`CHUNK`] as they are written.
pub struct JsonSink {
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
    first_section: bool,
    first_row: bool,
}

const CHUNK: usize = 32 * 1024;

impl JsonSink {
    pub fn new(tx: mpsc::Sender<Result<Bytes, std::io::Error>>) -> Self {
        Self {
            tx,
            buf: Vec::with_capacity(CHUNK * 2),
            first_section: true,
            first_row: true,
        }
    }

    fn key(&mut self, name: &str) -> Result<(), ExportError> {
        self.buf
            .extend_from_slice(if self.first_section { b"{" } else { b"," });
        self.first_section = false;
        serde_json::to_writer(&mut self.buf, name)?;
        self.buf.push(b':');
        Ok(())
    }

    async fn flush(&mut self, always: bool) -> Result<(), ExportError> {
        if self.buf.is_empty() || (!always && self.buf.len() < CHUNK) {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buf));
        self.tx
            .send(Ok(chunk))
            .await
            .map_err(|_| ExportError::Abandoned)
    }

    /// Closes the document and sends what is left.
    pub async fn finish(mut self) -> Result<(), ExportError> {
        self.buf.extend_from_slice(b"}\n");
        self.flush(true).await
    }
}

impl Sink for JsonSink {
    async fn object<T: Serialize>(&mut self, name: &str, value: &T) -> Result<(), ExportError> {
        self.key(name)?;
        serde_json::to_writer(&mut self.buf, value)?;
        self.flush(false).await
    }

    async fn begin(&mut self, name: &str) -> Result<(), ExportError> {
        self.key(name)?;
        self.buf.push(b'[');
        self.first_row = true;
        Ok(())
    }

    async fn rows<T: Serialize>(&mut self, rows: &[T]) -> Result<(), ExportError> {
        for row in rows {
            if !self.first_row {
                self.buf.push(b',');
            }
            self.first_row = false;
            serde_json::to_writer(&mut self.buf, row)?;
            self.flush(false).await?;
        }
        Ok(())
    }

    async fn end(&mut self) -> Result<(), ExportError> {
        self.buf.push(b']');
        self.flush(false).await
    }
}

/// Builds the zip: `<section>.csv` per section, with a header row, and a README.
pub struct CsvZipSink {
    zip: zip::ZipWriter<Cursor<Vec<u8>>>,
    current: Option<(String, CsvOut<Vec<u8>>)>,
}

impl Default for CsvZipSink {
    fn default() -> Self {
        Self::new()
    }
}

impl CsvZipSink {
    pub fn new() -> Self {
        Self {
            zip: zip::ZipWriter::new(Cursor::new(Vec::new())),
            current: None,
        }
    }

    fn options() -> zip::write::SimpleFileOptions {
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
    }

    fn write_file(&mut self, name: &str, bytes: &[u8]) -> Result<(), ExportError> {
        self.zip.start_file(name, Self::options())?;
        self.zip.write_all(bytes)?;
        Ok(())
    }

    pub fn finish(mut self) -> Result<Vec<u8>, ExportError> {
        let readme = format!(
            "Your data, one CSV file per category (UTF-8, comma-separated, header row first;\n\
             a category with nothing in it is an empty file).\n\
             The same data as the JSON download ({SCHEMA}). Times are UTC (RFC 3339).\n\
             Files: {}\n",
            TABLES
                .iter()
                .map(|(_, section)| format!("{section}.csv"))
                .chain([
                    "about.csv".into(),
                    "staff_views.csv".into(),
                    "processing.csv".into()
                ])
                .collect::<Vec<_>>()
                .join(", ")
        );
        self.write_file("README.txt", readme.as_bytes())?;
        Ok(self.zip.finish()?.into_inner())
    }
}

impl Sink for CsvZipSink {
    async fn object<T: Serialize>(&mut self, name: &str, value: &T) -> Result<(), ExportError> {
        self.begin(name).await?;
        self.rows(std::slice::from_ref(value)).await?;
        self.end().await
    }

    async fn begin(&mut self, name: &str) -> Result<(), ExportError> {
        self.current = Some((name.to_owned(), CsvOut::from_writer(Vec::new())));
        Ok(())
    }

    async fn rows<T: Serialize>(&mut self, rows: &[T]) -> Result<(), ExportError> {
        if let Some((_, writer)) = self.current.as_mut() {
            for row in rows {
                writer.serialize(row)?;
            }
        }
        Ok(())
    }

    async fn end(&mut self) -> Result<(), ExportError> {
        if let Some((name, writer)) = self.current.take() {
            let bytes = writer
                .into_inner()
                .map_err(|err| ExportError::Write(err.to_string()))?;
            self.write_file(&format!("{name}.csv"), &bytes)?;
        }
        Ok(())
    }
}

/// Records the download as a completed access request (with its receipt), in one
/// transaction, before any byte leaves. `false` when there is nothing to export.
pub async fn record_download(
    ctx: &AppContext,
    request: &crate::platform::request::RequestInfo,
    person_id: Uuid,
    format: &str,
) -> Result<bool, DbErr> {
    let now = ctx.clock.now();
    let txn = crate::platform::db::begin_write(&ctx.db).await?;
    let Some(person) = people::Entity::find_by_id(person_id).one(&txn).await? else {
        return Ok(false);
    };
    if person.erased_at.is_some() {
        return Ok(false);
    }
    requests::record(
        ctx,
        &txn,
        request,
        requests::NewRequest {
            person_id,
            kind: crate::rights::RequestKind::Access,
            channel: requests::Channel::Person,
            completed: Some(&format!("downloaded as {format}")),
            receipt: true,
            received_at: None,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(true)
}

/// Staff export for someone who wrote in: the identity check, the staff member's reason and a
/// completed access request (with its receipt to the person) are recorded in one transaction
/// before any byte leaves. `false` when there is nothing to export.
pub async fn record_staff_download(
    ctx: &AppContext,
    acting: &crate::platform::audit::Acting<'_>,
    identity: &str,
    format: &str,
) -> Result<bool, DbErr> {
    let now = ctx.clock.now();
    let txn = crate::platform::db::begin_write(&ctx.db).await?;
    if crate::store::people::live(&txn, acting.person_id)
        .await?
        .is_none()
    {
        return Ok(false);
    }
    let actor = crate::platform::audit::Actor::Staff(acting.staff_id);
    crate::platform::audit::record_identity_check(
        &txn,
        acting.request,
        actor,
        acting.person_id,
        identity,
        now,
    )
    .await?;
    requests::record(
        ctx,
        &txn,
        acting.request,
        requests::NewRequest {
            person_id: acting.person_id,
            kind: crate::rights::RequestKind::Access,
            channel: requests::Channel::Staff(acting.staff_id),
            completed: Some(&format!("exported by staff as {format}")),
            receipt: true,
            received_at: None,
        },
        now,
    )
    .await?;
    crate::platform::audit::AuditEvent::new(actor, Some(acting.person_id), "staff.exported")
        .reason(acting.reason)
        .details(serde_json::json!({ "format": format }))
        .record(&txn, acting.request, now)
        .await?;
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(true)
}
