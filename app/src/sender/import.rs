//! Importing recipients from CSV, with the evidence of consent they came with.
//!
//! Columns (header row required): `email,name,topics,source,consented_at`, where `topics` is
//! a `;`-separated list of topic keys, `source` says where the consent was given (a form, an
//! event, a list) and `consented_at` when (`YYYY-MM-DD` or RFC 3339).
//!
//! Import never re-subscribes anyone: a topic the person already has any state for (granted,
//! pending, or *withdrawn*) is left as it is, and erased, restricted or bounced people are
//! skipped. Running the same file twice changes nothing the second time. Each row is its own
//! transaction and reports its own error; the consents are recorded in the ledger with source
//! "import", the evidence as the reason, and no e-mail. A new person's address counts as
//! confirmed at the consent date: the evidence is the sender's confirmation.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::platform::suppression::{address_hash, current_key};
use crate::store::suppressed_hashes as hash_entity;
use crate::consents::model::{ConsentState, Source};
use crate::consents::ssr::ledger::{Who, current_topics, set_states, states_of};
use crate::domain::{EmailAddress, PersonName};
use crate::store::people;
use crate::platform::{audit::Actor, context::AppContext, db::begin_write, request::RequestInfo};

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub rows: usize,
    pub people_created: usize,
    pub consents_recorded: usize,
    /// (row number, why) for rows left alone on purpose.
    pub skipped: Vec<(usize, String)>,
    /// (row number, what is wrong) for rows that could not be read.
    pub errors: Vec<(usize, String)>,
}

#[derive(Debug, serde::Deserialize)]
struct Row {
    email: String,
    #[serde(default)]
    name: String,
    topics: String,
    source: String,
    consented_at: String,
}

fn parse_date(raw: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw.trim())
        .map(|d| d.to_utc())
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|d| d.and_utc())
        })
}

/// Imports `csv`, calling `progress` after each row with (rows done, rows in all).
pub async fn import(
    ctx: &AppContext,
    csv: &[u8],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<ImportReport, DbErr> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(csv);
    let rows: Vec<Result<Row, csv::Error>> = reader.deserialize().collect();
    let total = rows.len();
    let mut report = ImportReport {
        rows: total,
        ..ImportReport::default()
    };
    let topics = current_topics(&ctx.db).await?;
    let request = RequestInfo::default();
    // Rows are written in batches, one transaction each: a commit per row made the import
    // wait on the disk for every recipient. A database error stops the import; what earlier
    // batches committed stays, and running the file again skips it.
    let mut txn = None;
    for (index, row) in rows.into_iter().enumerate() {
        let number = index + 2; // the header is row 1
        let batch = match txn.take() {
            Some(open) => open,
            None => begin_write(&ctx.db).await?,
        };
        let outcome = match row {
            Ok(row) => import_row(ctx, &batch, &topics, &row, &request).await?,
            Err(err) => RowOutcome::Error(format!("cannot read the row: {err}")),
        };
        if (index + 1) % BATCH == 0 {
            batch.commit().await?;
        } else {
            txn = Some(batch);
        }
        match outcome {
            RowOutcome::Imported { created, consents } => {
                report.people_created += usize::from(created);
                report.consents_recorded += consents;
            }
            RowOutcome::Skipped(why) => report.skipped.push((number, why)),
            RowOutcome::Error(what) => report.errors.push((number, what)),
        }
        progress(index + 1, total);
    }
    if let Some(done) = txn {
        done.commit().await?;
    }
    Ok(report)
}

/// Rows per transaction.
const BATCH: usize = 250;

enum RowOutcome {
    Imported { created: bool, consents: usize },
    Skipped(String),
    Error(String),
}

async fn import_row(
    ctx: &AppContext,
    txn: &sea_orm::DatabaseTransaction,
    topics: &[crate::store::consent_topics::Model],
    row: &Row,
    request: &RequestInfo,
) -> Result<RowOutcome, DbErr> {
    let Ok(email) = EmailAddress::parse(&row.email) else {
        return Ok(RowOutcome::Error(format!(
            "not an e-mail address: {:?}",
            row.email
        )));
    };
    let name = match row.name.trim() {
        "" => None,
        raw => match PersonName::parse(raw) {
            Ok(name) => Some(name),
            Err(_) => {
                return Ok(RowOutcome::Error(
                    "the name is too long or has control characters".into(),
                ));
            }
        },
    };
    let mut wanted = Vec::new();
    for key in row
        .topics
        .split(';')
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        match topics.iter().find(|t| t.key == key && !t.service_notices) {
            Some(topic) => wanted.push(topic.key.clone()),
            None => return Ok(RowOutcome::Error(format!("unknown topic {key:?}"))),
        }
    }
    if wanted.is_empty() {
        return Ok(RowOutcome::Error("no topics".into()));
    }
    if row.source.trim().is_empty() {
        return Ok(RowOutcome::Error(
            "no source: the evidence of consent is required".into(),
        ));
    }
    let Some(consented_at) = parse_date(&row.consented_at) else {
        return Ok(RowOutcome::Error(format!(
            "not a date: {:?}",
            row.consented_at
        )));
    };

    let now = ctx.clock.now();
    let (version, key) = current_key(txn, now).await?;
    if hash_entity::Entity::find_by_id((address_hash(&key, &email), version))
        .one(txn)
        .await?
        .is_some()
    {
        return Ok(RowOutcome::Skipped("the address is suppressed".into()));
    }
    let existing = people::Entity::find()
        .filter(people::Column::Email.eq(email.as_str()))
        .one(txn)
        .await?;
    let (person_id, created) = match existing {
        Some(person)
            if person.erased_at.is_some()
                || person.restricted_at.is_some()
                || person.bounced_at.is_some() =>
        {
            return Ok(RowOutcome::Skipped(
                "the person may not be mailed (erased, restricted or bounced)".into(),
            ));
        }
        Some(person) => (person.id, false),
        None => {
            let id = Uuid::now_v7();
            people::Entity::insert(people::ActiveModel {
                id: Set(id),
                email: Set(email.as_str().to_owned()),
                email_verified_at: Set(Some(consented_at)),
                full_name: Set(name.map(|n| n.as_str().to_owned())),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            })
            .exec(txn)
            .await?;
            (id, true)
        }
    };
    let states = states_of(txn, person_id).await?;
    let targets: Vec<_> = wanted
        .into_iter()
        .filter(|key| !states.contains_key(key))
        .map(|key| (key, ConsentState::Granted))
        .collect();
    let evidence = format!(
        "imported: {}, consented {}",
        row.source.trim(),
        consented_at.format("%Y-%m-%d")
    );
    let who = Who {
        source: Source::Import,
        actor: Actor::System,
        reason: Some(&evidence),
        request,
    };
    let applied = set_states(ctx, txn, person_id, &targets, &who).await?;
    Ok(RowOutcome::Imported {
        created,
        consents: applied.changes.len(),
    })
}
