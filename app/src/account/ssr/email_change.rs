//! Changing the e-mail address.
//!
//! 1. The person proves it is them: the current password, or (without one) a sign-in in the
//!    last ten minutes.
//! 2. The new address gets a confirmation link; the old address gets a notice with a link that
//!    stops the change, or undoes it within seven days if it already happened (an attacker who
//!    got into the account cannot quietly take it over).
//! 3. Nothing changes until the new address confirms. An address that another account uses
//!    is treated like any other when the change is asked for (same answer, same mail, same
//!    records: no enumeration); confirming refuses it.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::auth::ssr::accounts::AuthError;
use crate::platform::tokens::{self, Purpose};
use crate::domain::EmailAddress;
use crate::outbox::{
    kinds::MailKind,
    queue::{Mail, queue},
};
use crate::store::people;
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    db::begin_write,
    rate_limit::{self, Verdict},
    request::RequestInfo,
    sessions::DbSessionStore,
};

use crate::auth::ssr::reauth::{Reauth, check};

/// What a change link carries.
#[derive(Debug, Serialize, Deserialize)]
struct Change {
    old_email: String,
    new_email: String,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Requested {
    /// Mails are on their way.
    Accepted,
    WrongPassword,
    /// No password and no recent sign-in: sign in with a link first.
    SignInAgain,
    SameAddress,
    Limited(Verdict),
}

pub async fn request(
    ctx: &AppContext,
    request: &RequestInfo,
    person_id: Uuid,
    new_email: &EmailAddress,
    password: &str,
    signed_in_at: Option<DateTime<Utc>>,
) -> Result<Requested, AuthError> {
    let now = ctx.clock.now();
    let Some(person) = people::Entity::find_by_id(person_id).one(&ctx.db).await? else {
        return Ok(Requested::SignInAgain);
    };
    match check(ctx, person_id, password, signed_in_at).await? {
        Reauth::Confirmed => {}
        Reauth::WrongPassword => return Ok(Requested::WrongPassword),
        Reauth::SignInAgain => return Ok(Requested::SignInAgain),
        Reauth::Limited(verdict) => return Ok(Requested::Limited(verdict)),
    }
    if new_email.as_str() == person.email {
        return Ok(Requested::SameAddress);
    }
    let limit_key = crate::auth::ssr::limits::mail_address(&ctx.keys, new_email);
    let verdict = rate_limit::hit(
        &ctx.db,
        &limit_key,
        crate::auth::ssr::limits::MAIL_PER_ADDRESS,
        now,
    )
    .await?;
    if verdict != Verdict::Allowed {
        return Ok(Requested::Limited(verdict));
    }

    // Whether another account uses the new address is not looked at here: everything this
    // request writes (the audit event, the person's list of e-mails) would tell the requester.
    // The confirmation goes out either way, and confirming refuses a taken address.
    let change = json!({ "old_email": person.email, "new_email": new_email.as_str() });
    let txn = begin_write(&ctx.db).await?;
    AuditEvent::new(
        Actor::Person(person_id),
        Some(person_id),
        "account.email_change_requested",
    )
    .details(json!({ "new_email": new_email.as_str() }))
    .record(&txn, request, now)
    .await?;
    let key = Uuid::new_v4();
    let mail = Mail {
        kind: MailKind::EmailChangeConfirm,
        person_id,
        to: new_email.as_str().to_owned(),
        payload: json!({ "name": person.full_name, "change": change, "valid_hours": Purpose::EmailChange.lifetime().num_hours() }),
        idempotency_key: format!("email_change_confirm:{person_id}:{key}"),
    };
    queue(&txn, mail, &ctx.public, now).await?;
    let notice = Mail {
        kind: MailKind::EmailChangeNotice,
        person_id,
        to: person.email.clone(),
        payload: json!({
            "name": person.full_name,
            "change": change,
            "requested_at": now,
            "new_email_masked": new_email.masked(),
        }),
        idempotency_key: format!("email_change_notice:{person_id}:{key}"),
    };
    queue(&txn, notice, &ctx.public, now).await?;
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(Requested::Accepted)
}

#[derive(Debug, PartialEq, Eq)]
pub enum Confirmed {
    Changed,
    /// Unknown, used or expired link; or the address was taken meanwhile.
    Invalid,
}

/// Spends the new address's link and makes it the account's address.
pub async fn confirm(
    ctx: &AppContext,
    request: &RequestInfo,
    token: &str,
) -> Result<Confirmed, DbErr> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let spent = tokens::spend_with_payload(&txn, token, Purpose::EmailChange, now).await?;
    let Some((person_id, Some(payload))) = spent else {
        txn.rollback().await?;
        return Ok(Confirmed::Invalid);
    };
    let Ok(change) = serde_json::from_str::<Change>(&payload) else {
        txn.rollback().await?;
        return Ok(Confirmed::Invalid);
    };
    let person = people::Entity::find_by_id(person_id).one(&txn).await?;
    let taken = people::Entity::find()
        .filter(people::Column::Email.eq(change.new_email.as_str()))
        .one(&txn)
        .await?
        .is_some();
    let Some(person) = person.filter(|p| p.email == change.old_email && !taken) else {
        txn.rollback().await?;
        return Ok(Confirmed::Invalid);
    };
    let version = person.version;
    let mut active = person.into_active_model();
    active.email = Set(change.new_email.clone());
    active.email_verified_at = Set(Some(now));
    // The bounce or complaint was about the old address.
    active.bounced_at = Set(None);
    active.version = Set(version + 1);
    active.updated_at = Set(now);
    active.update(&txn).await?;
    AuditEvent::new(
        Actor::Person(person_id),
        Some(person_id),
        "account.email_changed",
    )
    .details(json!({ "old": change.old_email, "new": change.new_email }))
    .record(&txn, request, now)
    .await?;
    // Profile links went to the old address: whoever reads that mailbox now loses them.
    crate::newsletter::ssr::profile::revoke_links(
        &txn,
        person_id,
        Actor::Person(person_id),
        None,
        request,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Confirmed::Changed)
}

#[derive(Debug, PartialEq, Eq)]
pub enum Cancelled {
    /// The change had not happened; it no longer can.
    Stopped,
    /// The change had happened; the old address is back and every session has ended.
    Undone,
    Invalid,
}

/// Spends the old address's link: stops a pending change, or undoes a confirmed one.
pub async fn cancel(
    ctx: &AppContext,
    request: &RequestInfo,
    token: &str,
) -> Result<Cancelled, DbErr> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let spent = tokens::spend_with_payload(&txn, token, Purpose::EmailChangeCancel, now).await?;
    let Some((person_id, Some(payload))) = spent else {
        txn.rollback().await?;
        return Ok(Cancelled::Invalid);
    };
    let (Ok(change), Some(person)) = (
        serde_json::from_str::<Change>(&payload),
        people::Entity::find_by_id(person_id).one(&txn).await?,
    ) else {
        txn.rollback().await?;
        return Ok(Cancelled::Invalid);
    };
    tokens::void_all(&txn, person_id, Purpose::EmailChange, now).await?;
    let outcome = if person.email == change.new_email {
        let old_taken = people::Entity::find()
            .filter(people::Column::Email.eq(change.old_email.as_str()))
            .one(&txn)
            .await?
            .is_some();
        if old_taken {
            txn.rollback().await?;
            return Ok(Cancelled::Invalid);
        }
        let version = person.version;
        let mut active = person.into_active_model();
        active.email = Set(change.old_email.clone());
        active.version = Set(version + 1);
        active.updated_at = Set(now);
        active.update(&txn).await?;
        let ended = DbSessionStore::delete_for_person(&txn, person_id).await?;
        AuditEvent::new(Actor::Person(person_id), Some(person_id), "account.email_change_undone")
            .details(json!({ "restored": change.old_email, "removed": change.new_email, "sessions_ended": ended }))
            .record(&txn, request, now)
            .await?;
        Cancelled::Undone
    } else {
        AuditEvent::new(
            Actor::Person(person_id),
            Some(person_id),
            "account.email_change_stopped",
        )
        .details(json!({ "new_email": change.new_email }))
        .record(&txn, request, now)
        .await?;
        Cancelled::Stopped
    };
    txn.commit().await?;
    Ok(outcome)
}
