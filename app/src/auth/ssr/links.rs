//! What an e-mailed link does when its button is pressed: sign in, confirm the address (which
//! discards a password planted before the address was proven), or set a new password. Each
//! link is spent in the same transaction as its effect.

use super::accounts::*;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel,
};
use serde_json::json;
use uuid::Uuid;
use super::{access, limits, passwords};
use crate::platform::tokens;
use crate::domain::NewPassword;
use crate::outbox::kinds::MailKind;
use crate::store::people;
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    db::begin_write,
    rate_limit::{self, Verdict},
    request::RequestInfo,
    sessions::DbSessionStore,
};
use crate::store::credentials;

#[derive(Debug, PartialEq, Eq)]
pub enum Redeemed {
    SignedIn(Uuid),
    /// Unknown, used, or expired.
    Invalid,
    Limited(Verdict),
}

async fn redeem_limit(ctx: &AppContext, request: &RequestInfo) -> Result<Verdict, DbErr> {
    rate_limit::hit(
        &ctx.db,
        &limits::redeem_ip(request.ip),
        limits::REDEEM_PER_IP,
        ctx.clock.now(),
    )
    .await
}

/// How an address was just proven.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proof {
    /// The confirmation link of the sign-up that set the password: it proves that password.
    SignUpConfirmation,
    /// Any other link that reached the address (sign-in, reset, double opt-in): it proves the
    /// address, not a password somebody chose before it was proven.
    OtherLink,
}

/// Following an e-mailed link proves the address: confirm it if it was not yet.
///
/// Whoever set a password while the address was unproven may not own it (a pre-account
/// takeover plants one and waits). Only that sign-up's own confirmation makes the password
/// valid; any other proof discards it and ends its sessions, and the owner chooses their own
/// password (or keeps signing in with links).
pub async fn confirm_address(
    txn: &DatabaseTransaction,
    person_id: Uuid,
    proof: Proof,
    request: &RequestInfo,
    now: DateTime<Utc>,
) -> Result<Option<people::Model>, DbErr> {
    let Some(person) = people::Entity::find_by_id(person_id).one(txn).await? else {
        return Ok(None);
    };
    // Erasure deletes links, but one minted in the instant before it committed must not
    // bring the person back.
    if person.erased_at.is_some() {
        return Ok(None);
    }
    if person.email_verified_at.is_some() {
        return Ok(Some(person));
    }
    if proof == Proof::OtherLink {
        discard_unproven_password(txn, person.id, request, now).await?;
    }
    let mut active = person.into_active_model();
    active.email_verified_at = Set(Some(now));
    active.updated_at = Set(now);
    Ok(Some(active.update(txn).await?))
}

/// Deletes a password set before its address was proven, with its sessions, on the record.
async fn discard_unproven_password(
    txn: &DatabaseTransaction,
    person_id: Uuid,
    request: &RequestInfo,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let deleted = credentials::Entity::delete_by_id(person_id)
        .exec(txn)
        .await?
        .rows_affected;
    if deleted == 0 {
        return Ok(());
    }
    let ended = DbSessionStore::delete_for_person(txn, person_id).await?;
    AuditEvent::new(
        Actor::System,
        Some(person_id),
        "account.unproven_password_discarded",
    )
    .details(json!({ "sessions_ended": ended }))
    .record(txn, request, now)
    .await
}

/// Spends a sign-in or confirmation link and signs its person in.
pub async fn redeem_link(
    ctx: &AppContext,
    request: &RequestInfo,
    token: &str,
    purpose: tokens::Purpose,
) -> Result<Redeemed, AuthError> {
    let verdict = redeem_limit(ctx, request).await?;
    if verdict != Verdict::Allowed {
        return Ok(Redeemed::Limited(verdict));
    }
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let Some(person_id) = tokens::spend(&txn, token, purpose, now).await? else {
        txn.rollback().await?;
        return Ok(Redeemed::Invalid);
    };
    let proof = match purpose {
        tokens::Purpose::VerifyEmail => Proof::SignUpConfirmation,
        _ => Proof::OtherLink,
    };
    let Some(person) = confirm_address(&txn, person_id, proof, request, now).await? else {
        txn.rollback().await?;
        return Ok(Redeemed::Invalid);
    };
    let (action, method) = match purpose {
        tokens::Purpose::VerifyEmail => {
            ("account.email_verified", access::Method::ConfirmationLink)
        }
        _ => ("auth.signed_in", access::Method::SignInLink),
    };
    AuditEvent::new(Actor::Person(person.id), Some(person.id), action)
        .details(json!({ "method": method.as_str() }))
        .record(&txn, request, now)
        .await?;
    access::record(&txn, person.id, method, request, now).await?;
    txn.commit().await?;
    Ok(Redeemed::SignedIn(person.id))
}

/// Sets a new password from a reset (or account set-up) link. Every session of the person
/// ends; the caller signs this browser in afresh. A notice goes to the address.
pub async fn reset_password(
    ctx: &AppContext,
    request: &RequestInfo,
    token: &str,
    password: NewPassword,
) -> Result<Redeemed, AuthError> {
    let verdict = redeem_limit(ctx, request).await?;
    if verdict != Verdict::Allowed {
        return Ok(Redeemed::Limited(verdict));
    }
    // The link is checked before the slow hash: a made-up token costs a lookup, not a hash.
    if !link_is_live(ctx, token, tokens::Purpose::PasswordReset).await? {
        return Ok(Redeemed::Invalid);
    }
    let password_hash = match passwords::hash(password.expose()).await {
        Err(passwords::HashError::Busy) => return Ok(Redeemed::Limited(limits::BUSY)),
        hashed => hashed?,
    };
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let Some(person_id) = tokens::spend(&txn, token, tokens::Purpose::PasswordReset, now).await?
    else {
        txn.rollback().await?;
        return Ok(Redeemed::Invalid);
    };
    let Some(person) = confirm_address(&txn, person_id, Proof::OtherLink, request, now).await?
    else {
        txn.rollback().await?;
        return Ok(Redeemed::Invalid);
    };
    set_password(&txn, person.id, password_hash, now).await?;
    let ended = DbSessionStore::delete_for_person(&txn, person.id).await?;
    AuditEvent::new(
        Actor::Person(person.id),
        Some(person.id),
        "account.password_reset",
    )
    .details(json!({ "sessions_ended": ended }))
    .record(&txn, request, now)
    .await?;
    access::record(&txn, person.id, access::Method::PasswordReset, request, now).await?;
    let vars = json!({ "changed_at": now, "others_ended": true });
    mail(ctx, &txn, MailKind::PasswordChanged, &person, vars, now).await?;
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(Redeemed::SignedIn(person.id))
}

/// Whether a link can still be used, for the page it opens (reading changes nothing).
pub async fn link_is_live(
    ctx: &AppContext,
    token: &str,
    purpose: tokens::Purpose,
) -> Result<bool, DbErr> {
    Ok(tokens::live_owner(&ctx.db, token, purpose, ctx.clock.now())
        .await?
        .is_some())
}

/// The address of the account a link acts for, while it can be used.
pub async fn link_opens_for(
    ctx: &AppContext,
    token: &str,
    purpose: tokens::Purpose,
) -> Result<Option<String>, DbErr> {
    let Some(person_id) = tokens::live_owner(&ctx.db, token, purpose, ctx.clock.now()).await?
    else {
        return Ok(None);
    };
    Ok(people::Entity::find_by_id(person_id)
        .one(&ctx.db)
        .await?
        .filter(|p| p.erased_at.is_none())
        .map(|p| p.email))
}
