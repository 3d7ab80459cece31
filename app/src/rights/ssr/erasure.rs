//! Erasure (Art. 17). Personal data is deleted or irreversibly pseudonymised in one
//! transaction; what stays is evidence without personal values:
//! - the person row keeps its id and dates, with no name, address or contact details, and an
//!   address of `erased:<id>` that can match no real one;
//! - the consent ledger and the audit log keep their events (with every consent withdrawn as
//!   the last one) but lose IP addresses, user agents, old/new contents and staff's free-text
//!   reasons;
//! - rights requests keep kind, dates and status but lose staff's free text (the extension
//!   reason and the outcome); partner disclosures stay (they hold no personal values);
//! - credentials, sign-in links, sessions, event registrations and access records go;
//! - the outbox keeps kinds and times, no address or variables;
//! - a keyed hash of the address goes on the suppression list, so an import or the sender API
//!   can never bring the person back.
//!
//! [`TABLES`] says this per table, and erasure applies it from there: a test fails for any
//! table with rows about a person that the list leaves out, and checks each treatment after a
//! real erasure.
//!
//! A final confirmation is queued to the address first; the outbox forgets that address once
//! the message is settled (see `outbox::worker`).

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter,
    sea_query::{Alias, Expr, ExprTrait, Query},
};
use serde_json::json;
use uuid::Uuid;

use super::requests::{self, Channel, NewRequest};
use crate::consents::model::{ConsentState, Source};
use crate::store::consent_states as state;
use crate::consents::ssr::{
    feed,
    ledger::{Who, set_states},
};
use crate::domain::email::EmailAddress;
use crate::store::outbox;
use crate::outbox::{
    kinds::MailKind,
    queue::{Mail, queue},
};
use crate::store::people;
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    db::begin_write,
    request::RequestInfo,
};
use crate::rights::RequestKind;
use crate::platform::suppression;

/// What erasure does to a table's rows about the person.
pub enum Treatment {
    /// They are deleted.
    Deleted,
    /// They stay as evidence, with these columns emptied.
    Cleared(&'static [&'static str]),
    /// Rewritten by a step of its own (the person row; the outbox, once the last message is
    /// settled): these columns are empty afterwards.
    Rewritten(&'static [&'static str]),
    /// They stay as they are: why they hold nothing personal.
    Kept(&'static str),
}

/// Every table with rows about a person (a `person_id` column, or the person row itself).
pub const TABLES: &[(&str, Treatment)] = &[
    (
        "people",
        Treatment::Rewritten(&[
            "email_verified_at",
            "full_name",
            "phone",
            "street",
            "postal_code",
            "city",
            "country",
            "company",
            "job_title",
            "prospect_until",
        ]),
    ),
    ("credentials", Treatment::Deleted),
    ("one_time_tokens", Treatment::Deleted),
    ("sessions", Treatment::Deleted),
    ("event_registrations", Treatment::Deleted),
    ("access_records", Treatment::Deleted),
    // Reasons are free text about the person (why staff looked, how identity was checked).
    ("consent_ledger", Treatment::Cleared(&["ip", "user_agent", "reason"])),
    ("audit_log", Treatment::Cleared(&["ip", "user_agent", "details", "reason"])),
    ("rights_requests", Treatment::Cleared(&["extension_reason", "outcome"])),
    ("outbox", Treatment::Rewritten(&["to_address", "payload"])),
    (
        "consent_states",
        Treatment::Kept("one row per topic, each withdrawn by the erasure: a topic and a state"),
    ),
    (
        "partner_disclosures",
        Treatment::Kept("which categories went to which partner, when and why: evidence only"),
    ),
    (
        "change_feed",
        Treatment::Kept(
            "the order of changes handed to senders: topics and states, and for the erasure \
             only the keyed hash of the address",
        ),
    ),
];

/// Deletes and empties what [`TABLES`] says, for one person.
async fn apply_treatments(txn: &DatabaseTransaction, person_id: Uuid) -> Result<(), DbErr> {
    for (table, treatment) in TABLES {
        let of_person = Expr::col(Alias::new("person_id")).eq(person_id);
        match treatment {
            Treatment::Deleted => {
                let delete =
                    Query::delete().from_table(Alias::new(*table)).and_where(of_person).to_owned();
                txn.execute(&delete).await?;
            }
            Treatment::Cleared(columns) => {
                let mut update = Query::update();
                update.table(Alias::new(*table)).and_where(of_person);
                for column in *columns {
                    update.value(Alias::new(*column), Expr::cust("NULL"));
                }
                txn.execute(&update).await?;
            }
            Treatment::Rewritten(_) | Treatment::Kept(_) => {}
        }
    }
    Ok(())
}

#[derive(Debug, PartialEq, Eq)]
pub enum Erased {
    Done,
    /// Unknown, or erased before.
    Missing,
}

/// Erases a person at their request (or staff's on their behalf).
pub async fn erase(
    ctx: &AppContext,
    request: &RequestInfo,
    person_id: Uuid,
    channel: Channel,
    reason: Option<&str>,
) -> Result<Erased, DbErr> {
    erase_checked(ctx, request, person_id, channel, reason, None).await
}

/// Erasure by staff for someone who wrote in: `identity` (how the person's identity was
/// checked) is recorded in the same transaction. The event stays as evidence that a check
/// was made; its free text goes with the rest of the person's personal values.
pub async fn erase_checked(
    ctx: &AppContext,
    request: &RequestInfo,
    person_id: Uuid,
    channel: Channel,
    reason: Option<&str>,
    identity: Option<&str>,
) -> Result<Erased, DbErr> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let Some(person) = people::Entity::find_by_id(person_id).one(&txn).await? else {
        return Ok(Erased::Missing);
    };
    if person.erased_at.is_some() {
        return Ok(Erased::Missing);
    }
    let actor = channel.actor(person_id);
    if let Some(identity) = identity {
        crate::platform::audit::record_identity_check(
            &txn, request, actor, person_id, identity, now,
        )
        .await?;
    }
    requests::record(
        ctx,
        &txn,
        request,
        NewRequest {
            person_id,
            kind: RequestKind::Erasure,
            channel,
            completed: Some(super::requests::OUTCOME_ERASED),
            receipt: false,
            received_at: None,
        },
        now,
    )
    .await?;
    // The last message, queued while the address is still known.
    queue(
        &txn,
        Mail {
            kind: MailKind::ErasureDone,
            person_id,
            to: person.email.clone(),
            payload: json!({ "erased_at": now }),
            idempotency_key: format!("erasure_done:{person_id}"),
        },
        &ctx.public,
        now,
    )
    .await?;
    if let Ok(email) = EmailAddress::parse(&person.email) {
        suppression::suppress_hash(&txn, &email, "erased", now).await?;
    }
    pseudonymise(
        ctx,
        &txn,
        person,
        Source::Erasure,
        actor,
        reason,
        request,
        now,
    )
    .await?;
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(Erased::Done)
}

/// Everything erasure does to the data, without the request record, the final message and
/// the suppression (the retention purge uses it as it is).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn pseudonymise(
    ctx: &AppContext,
    txn: &DatabaseTransaction,
    person: people::Model,
    source: Source,
    actor: Actor,
    reason: Option<&str>,
    request: &RequestInfo,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let person_id = person.id;
    let mut active = person.clone().into_active_model();
    active.email = Set(format!("erased:{person_id}"));
    active.email_verified_at = Set(None);
    active.full_name = Set(None);
    active.phone = Set(None);
    active.street = Set(None);
    active.postal_code = Set(None);
    active.city = Set(None);
    active.country = Set(None);
    active.company = Set(None);
    active.job_title = Set(None);
    active.prospect_until = Set(None);
    // No contract is left to keep service notices on: they are withdrawn with the rest.
    active.active_contract = Set(false);
    active.lifecycle = Set(crate::domain::Lifecycle::Former);
    active.restricted_at = Set(None);
    active.bounced_at = Set(None);
    active.erased_at = Set(Some(now));
    active.links_revoked_before = Set(Some(now));
    active.updated_at = Set(now);
    active.version = Set(person.version + 1);
    active.update(txn).await?;
    // Senders that push learn of it from the feed, by the hash the suppression list keeps.
    let hashed = match EmailAddress::parse(&person.email) {
        Ok(email) => {
            let (version, key) = suppression::current_key(txn, now).await?;
            Some((suppression::address_hash(&key, &email), version))
        }
        Err(_) => None,
    };
    feed::append(
        txn,
        person_id,
        feed::Event::Erased {
            address: hashed
                .as_ref()
                .map(|(hash, version)| (hash.as_str(), *version)),
        },
        now,
    )
    .await?;
    withdraw_everything(ctx, txn, person_id, source, actor, reason, request).await?;

    let mut event = AuditEvent::new(
        actor,
        Some(person_id),
        match source {
            Source::Retention => "retention.purged",
            _ => "rights.erased",
        },
    );
    if let Some(reason) = reason {
        event = event.reason(reason);
    }
    event.record(txn, request, now).await?;

    // Personal values go from the evidence, the rows written above included.
    apply_treatments(txn, person_id).await?;
    forget_outbox(txn, person_id).await
}

/// Every consent that is on goes off, in the ledger, as the last entry.
async fn withdraw_everything(
    ctx: &AppContext,
    txn: &DatabaseTransaction,
    person_id: Uuid,
    source: Source,
    actor: Actor,
    reason: Option<&str>,
    request: &RequestInfo,
) -> Result<(), DbErr> {
    let on: Vec<(String, ConsentState)> = state::Entity::find()
        .filter(state::Column::PersonId.eq(person_id))
        .all(txn)
        .await?
        .into_iter()
        .filter(|s| s.state.is_on())
        .map(|s| (s.topic_key, ConsentState::Withdrawn))
        .collect();
    if on.is_empty() {
        return Ok(());
    }
    let who = Who {
        source,
        actor,
        reason,
        request,
    };
    set_states(ctx, txn, person_id, &on, &who).await?;
    Ok(())
}

/// The outbox keeps what was sent and when, never to whom: every row of the person loses its
/// address and variables, and what was still waiting is withheld. The erasure's own message
/// keeps its address until the worker settles it.
async fn forget_outbox(db: &impl ConnectionTrait, person_id: Uuid) -> Result<(), DbErr> {
    let others = outbox::Column::PersonId
        .eq(person_id)
        .and(outbox::Column::Kind.ne(MailKind::ErasureDone.as_str()));
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(outbox::Status::Withheld))
        .col_expr(
            outbox::Column::LastError,
            Expr::value("withheld: the person was erased"),
        )
        .filter(others.clone())
        .filter(outbox::Column::Status.is_in([outbox::Status::Pending, outbox::Status::Failed]))
        .exec(db)
        .await?;
    outbox::Entity::update_many()
        .col_expr(
            outbox::Column::ToAddress,
            Expr::value(Option::<String>::None),
        )
        .col_expr(outbox::Column::Payload, Expr::value(Option::<String>::None))
        .filter(others)
        .exec(db)
        .await?;
    Ok(())
}
