//! Editing contact details. A save names the version it was made from; if the record moved
//! on since, nothing is written and the person sees the current values (two tabs never
//! silently overwrite each other). Each accepted save writes the change, an audit event with
//! the old and new values, and a confirmation e-mail, in one transaction.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::account::views::{ContactFields, DetailsForm};
use crate::domain::{
    PersonName,
    contact::{ContactChannel, Country, PhoneNumber, PostalAddress},
};
use crate::outbox::{
    kinds::MailKind,
    queue::{Mail, queue},
};
use crate::store::people::{self as people, Column as P};
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    db::begin_write,
    request::RequestInfo,
};

/// Contact details that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Details {
    pub name: PersonName,
    pub phone: Option<PhoneNumber>,
    pub address: Option<PostalAddress>,
    pub company: Option<String>,
    pub job_title: Option<String>,
    pub language: &'static str,
    pub contact_channel: ContactChannel,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    /// The labels of what changed (empty when nothing did).
    Changed(Vec<&'static str>),
    /// Someone saved first; here is the record as it is now.
    Stale(Box<DetailsForm>),
}

pub fn form_of(person: &people::Model) -> DetailsForm {
    DetailsForm {
        version: person.version,
        fields: ContactFields {
            name: person.full_name.clone().unwrap_or_default(),
            phone: person
                .phone
                .clone()
                .map(|p| PhoneNumber::stored(p).display())
                .unwrap_or_default(),
            street: person.street.clone().unwrap_or_default(),
            postal_code: person.postal_code.clone().unwrap_or_default(),
            city: person.city.clone().unwrap_or_default(),
            country: person.country.clone().unwrap_or_default(),
            company: person.company.clone().unwrap_or_default(),
            job_title: person.job_title.clone().unwrap_or_default(),
            language: person.language.clone(),
            contact_channel: person.contact_channel.clone(),
        },
        countries: Country::all(crate::i18n::current_locale())
            .into_iter()
            .map(|(c, n)| (c.to_owned(), n.to_owned()))
            .collect(),
    }
}

/// The values as stored, by column, with the detail each belongs to (the code the change
/// notice names it by, `outbox::words::detail` renders it) for comparing and for the audit
/// log.
fn stored_values(person: &people::Model) -> Vec<(&'static str, &'static str, Value)> {
    vec![
        ("full_name", "name", json!(person.full_name)),
        ("phone", "phone", json!(person.phone)),
        ("street", "address", json!(person.street)),
        ("postal_code", "address", json!(person.postal_code)),
        ("city", "address", json!(person.city)),
        ("country", "address", json!(person.country)),
        ("company", "company", json!(person.company)),
        ("job_title", "job_title", json!(person.job_title)),
        ("language", "language", json!(person.language)),
        ("contact_channel", "contact_channel", json!(person.contact_channel)),
    ]
}

fn new_values(details: &Details) -> Vec<Value> {
    let address = details.address.as_ref();
    vec![
        json!(details.name.as_str()),
        json!(details.phone.as_ref().map(PhoneNumber::as_str)),
        json!(address.map(|a| &a.street)),
        json!(address.and_then(|a| a.postal_code.as_ref())),
        json!(address.map(|a| &a.city)),
        json!(address.map(|a| a.country.code())),
        json!(details.company),
        json!(details.job_title),
        json!(details.language),
        json!(details.contact_channel.as_str()),
    ]
}

/// Who saves contact details: the person, or staff on their behalf with a reason and a
/// record of how the person's identity was checked.
#[derive(Clone, Copy, Debug)]
pub struct Editor<'a> {
    pub actor: Actor,
    pub reason: Option<&'a str>,
    /// How staff checked the person's identity, recorded in the same transaction.
    pub identity: Option<&'a str>,
}

impl Editor<'_> {
    pub fn person(person_id: Uuid) -> Self {
        Self {
            actor: Actor::Person(person_id),
            reason: None,
            identity: None,
        }
    }
}

pub async fn save(
    ctx: &AppContext,
    request: &RequestInfo,
    person_id: Uuid,
    version: i32,
    details: Details,
    editor: Editor<'_>,
) -> Result<Saved, DbErr> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let Some(person) = people::Entity::find_by_id(person_id)
        .one(&txn)
        .await?
        .filter(|p| p.erased_at.is_none())
    else {
        txn.rollback().await?;
        return Err(DbErr::RecordNotFound("person".into()));
    };
    if person.version != version {
        txn.rollback().await?;
        return Ok(Saved::Stale(Box::new(form_of(&person))));
    }
    let mut old = Map::new();
    let mut new = Map::new();
    let mut labels: Vec<&'static str> = Vec::new();
    let mut update = people::Entity::update_many();
    for ((column, label, before), after) in
        stored_values(&person).into_iter().zip(new_values(&details))
    {
        if before == after {
            continue;
        }
        old.insert(column.into(), before);
        new.insert(column.into(), after.clone());
        if !labels.contains(&label) {
            labels.push(label);
        }
        let value: Option<String> = after.as_str().map(str::to_owned);
        update = update.col_expr(column_of(column), Expr::value(value));
    }
    if labels.is_empty() {
        txn.rollback().await?;
        return Ok(Saved::Changed(labels));
    }
    // The version guard makes the update itself refuse a concurrent save that slipped in
    // between the read above and here (PostgreSQL does not hold the row until the update).
    let updated = update
        .col_expr(P::Version, Expr::col(P::Version).add(1))
        .col_expr(P::UpdatedAt, Expr::value(now))
        .filter(P::Id.eq(person_id))
        .filter(P::Version.eq(version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        txn.rollback().await?;
        let person = people::Entity::find_by_id(person_id).one(&ctx.db).await?;
        return Ok(Saved::Stale(Box::new(
            person.as_ref().map(form_of).unwrap_or_default(),
        )));
    }
    let mut event = AuditEvent::new(editor.actor, Some(person_id), "person.details_changed")
        .details(json!({ "old": old, "new": new }));
    if let Some(reason) = editor.reason {
        event = event.reason(reason);
    }
    event.record(&txn, request, now).await?;
    if let Some(identity) = editor.identity {
        crate::platform::audit::record_identity_check(
            &txn,
            request,
            editor.actor,
            person_id,
            identity,
            now,
        )
        .await?;
    }
    queue_change_notice(ctx, &txn, person_id, &labels, now).await?;
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(Saved::Changed(labels))
}

fn column_of(name: &str) -> P {
    match name {
        "full_name" => P::FullName,
        "phone" => P::Phone,
        "street" => P::Street,
        "postal_code" => P::PostalCode,
        "city" => P::City,
        "country" => P::Country,
        "company" => P::Company,
        "job_title" => P::JobTitle,
        "language" => P::Language,
        _ => P::ContactChannel,
    }
}

/// "Your details were changed: …, not you?" to the person's address.
pub async fn queue_change_notice(
    ctx: &AppContext,
    txn: &DatabaseTransaction,
    person_id: Uuid,
    changed: &[&str],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(person) = people::Entity::find_by_id(person_id).one(txn).await? else {
        return Ok(());
    };
    let mail = Mail {
        kind: MailKind::DetailsChanged,
        person_id,
        to: person.email.clone(),
        payload: json!({ "name": person.full_name, "changed": changed, "changed_at": now }),
        idempotency_key: format!("details_changed:{person_id}:{}", Uuid::new_v4()),
    };
    queue(txn, mail, &ctx.public, now).await?;
    Ok(())
}
