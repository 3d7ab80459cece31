//! Staff accounts: created with a set-up link (`prefcentre create-staff`), enrolled by
//! choosing a password and proving an authenticator app (TOTP), and signed in with both. Ten
//! one-use recovery codes are shown once at enrolment. Every answer to a failed sign-in is the
//! same, whatever was wrong, and failures are rate-limited per address and IP, per IP and per
//! address, each counted before the password hash runs.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter,
};
use tower_sessions::Session;
use uuid::Uuid;

use crate::admin::sign_in::totp;
use crate::auth::ssr::{accounts::AuthError, passwords};
use crate::domain::EmailAddress;
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    db::begin_write,
    rate_limit::{self, Limit, Verdict},
    request::RequestInfo,
    sessions::STAFF_KEY,
};
use crate::domain::StaffRole;
use crate::store::staff;

const SIGN_IN_FAILURES: Limit = Limit {
    hits: 5,
    window: Duration::minutes(15),
};

use crate::store::staff_recovery_codes as recovery_entity;

/// What a TOTP secret is sealed as (see `platform::sealed`).
pub(super) const TOTP_SEALED_AS: &str = "totp";

/// A member's TOTP secret, opened. A row from before secrets were sealed holds it plain; it
/// is sealed at its next use (`second_factor`).
pub(super) fn totp_secret(ctx: &AppContext, member: &staff::Model) -> Option<String> {
    let stored = member.totp_secret.as_deref()?;
    if !crate::platform::sealed::is_sealed(stored) {
        return Some(stored.to_owned());
    }
    String::from_utf8(ctx.keys.open(TOTP_SEALED_AS, stored)?).ok()
}

#[derive(Debug, PartialEq, Eq)]
pub enum StaffSignIn {
    SignedIn(Uuid),
    /// Wrong address, password or code, or not enrolled: one answer for all.
    Refused,
    Limited(Verdict),
}

/// Failures per address and IP, per IP, and per address across IPs, each reserved before the
/// password hash runs and refunded on success (see `auth::ssr::limits`). Staff have no
/// e-mailed-link path, so the per-address cap is looser than the pair's: an attacker who knows
/// a staff address can make that member wait out the window, never guess on without limit.
const SIGN_IN_PER_IP: Limit = Limit {
    hits: 20,
    window: Duration::minutes(15),
};
const SIGN_IN_FAILURES_PER_ADDRESS: Limit = Limit {
    hits: 10,
    window: Duration::minutes(15),
};

/// A second factor as typed: a 6-digit code or a recovery code. Anything else is refused
/// before any hashing.
fn plausible_code(code: &str) -> bool {
    let code = code.trim();
    (6..=40).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Checks address, password and second factor (a code from the app, or a recovery code).
pub async fn sign_in(
    ctx: &AppContext,
    request: &RequestInfo,
    email: &EmailAddress,
    password: &str,
    code: &str,
) -> Result<StaffSignIn, AuthError> {
    let now = ctx.clock.now();
    let ip = crate::auth::ssr::limits::ip_text(request.ip);
    let pair_key = format!(
        "staff-sign-in:fail:{}",
        ctx.keys.rate_limit_tag(&format!("{email}|{ip}"))
    );
    let counters = [
        (pair_key.clone(), SIGN_IN_FAILURES),
        (format!("staff-sign-in:ip:{ip}"), SIGN_IN_PER_IP),
        (
            format!(
                "staff-sign-in:addr:{}",
                ctx.keys.rate_limit_tag(email.as_str())
            ),
            SIGN_IN_FAILURES_PER_ADDRESS,
        ),
    ];
    let reserved = match crate::auth::ssr::limits::reserve(&ctx.db, &counters, now).await? {
        Ok(reserved) => reserved,
        Err(refused) => return Ok(StaffSignIn::Limited(refused.verdict)),
    };
    let member = staff::Entity::find()
        .filter(staff::Column::Email.eq(email.as_str()))
        .one(&ctx.db)
        .await?
        .filter(|m| m.disabled_at.is_none() && m.totp_enrolled_at.is_some());
    // The hash is checked even for an unknown address, so timing tells nothing; a code that
    // cannot be one is a failure without any hash (it depends on the input alone).
    let password_ok = if plausible_code(code) {
        let stored = member.as_ref().and_then(|m| m.password_hash.clone());
        match passwords::verify(password, stored).await {
            Err(passwords::HashError::Busy) => {
                reserved.refund(&ctx.db).await?;
                return Ok(StaffSignIn::Limited(crate::auth::ssr::limits::BUSY));
            }
            verified => verified?,
        }
    } else {
        false
    };
    let txn = begin_write(&ctx.db).await?;
    let second = match (&member, password_ok) {
        (Some(member), true) => second_factor(ctx, &txn, member, code, now).await?,
        _ => false,
    };
    let outcome = match member {
        Some(member) if second => {
            reserved.refund(&txn).await?;
            rate_limit::clear(&txn, &pair_key).await?;
            AuditEvent::new(Actor::Staff(member.id), None, "staff.signed_in")
                .record(&txn, request, now)
                .await?;
            StaffSignIn::SignedIn(member.id)
        }
        member => {
            // The reservation stands: this failure counts on every counter.
            let actor = member.map_or(Actor::Anonymous, |m| Actor::Staff(m.id));
            AuditEvent::new(actor, None, "staff.sign_in_failed")
                .record(&txn, request, now)
                .await?;
            StaffSignIn::Refused
        }
    };
    txn.commit().await?;
    Ok(outcome)
}

/// A TOTP code newer than the last one used, or an unused recovery code (spent now).
async fn second_factor(
    ctx: &AppContext,
    txn: &sea_orm::DatabaseTransaction,
    member: &staff::Model,
    code: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let code = code.trim().to_ascii_lowercase();
    let secret = totp_secret(ctx, member);
    if let Some(step) = secret
        .as_deref()
        .and_then(|secret| totp::verify(secret, &code, now.timestamp(), member.totp_last_step))
    {
        let mut active = member.clone().into_active_model();
        active.totp_last_step = Set(Some(step));
        // A secret still stored plain is sealed now.
        if let Some(secret) = secret.filter(|_| {
            member
                .totp_secret
                .as_deref()
                .is_some_and(|s| !crate::platform::sealed::is_sealed(s))
        }) {
            active.totp_secret = Set(Some(ctx.keys.seal(TOTP_SEALED_AS, secret.as_bytes())));
        }
        active.update(txn).await?;
        return Ok(true);
    }
    let recovery = recovery_entity::Entity::find()
        .filter(recovery_entity::Column::StaffId.eq(member.id))
        .filter(recovery_entity::Column::CodeHash.is_in(ctx.keys.recovery_tags(&code)))
        .filter(recovery_entity::Column::UsedAt.is_null())
        .one(txn)
        .await?;
    let Some(recovery) = recovery else {
        return Ok(false);
    };
    let mut active = recovery.into_active_model();
    active.used_at = Set(Some(now));
    active.update(txn).await?;
    Ok(true)
}

/// The signed-in staff member and their role, checked against the database on every request
/// (a disabled member is out at once).
pub async fn signed_in_staff(
    ctx: &AppContext,
    session: &Session,
) -> Result<Option<(staff::Model, StaffRole)>, DbErr> {
    let Ok(Some(id)) = session.get::<Uuid>(STAFF_KEY).await else {
        return Ok(None);
    };
    Ok(staff::Entity::find_by_id(id)
        .one(&ctx.db)
        .await?
        .filter(|m| m.disabled_at.is_none() && m.totp_enrolled_at.is_some())
        .map(|m| {
            let role = m.role;
            (m, role)
        }))
}
