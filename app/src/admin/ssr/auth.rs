//! Staff accounts: created with a set-up link (`prefcentre create-staff`), enrolled by
//! choosing a password and proving an authenticator app (TOTP), and signed in with both. Ten
//! one-use recovery codes are shown once at enrolment. Every answer to a failed sign-in is the
//! same, whatever was wrong, and failures are rate-limited per address and IP, per IP and per
//! address, each counted before the password hash runs.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter,
};
use serde_json::json;
use tower_sessions::Session;
use uuid::Uuid;

use super::totp;
use crate::auth::ssr::{accounts::AuthError, passwords};
use crate::domain::{EmailAddress, password::NewPassword};
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    db::begin_write,
    keys::sha256_hex,
    rate_limit::{self, Limit, Verdict},
    request::RequestInfo,
    sessions::{IP_KEY, PERSON_KEY, STAFF_KEY, STARTED_AT_KEY, USER_AGENT_KEY},
};
use crate::domain::StaffRole;
use crate::store::staff;

/// How long a set-up link works.
pub const SETUP_VALID_FOR: Duration = Duration::hours(72);
pub const RECOVERY_CODES: usize = 10;

const SIGN_IN_FAILURES: Limit = Limit {
    hits: 5,
    window: Duration::minutes(15),
};

use crate::store::staff_recovery_codes as recovery_entity;

/// Recovery codes carry 80 random bits (16 base32 characters), stored as a keyed hash.
const RECOVERY_CODE_BYTES: usize = 10;
/// What a TOTP secret is sealed as (see `platform::sealed`).
const TOTP_SEALED_AS: &str = "totp";

/// A member's TOTP secret, opened. A row from before secrets were sealed holds it plain; it
/// is sealed at its next use (`second_factor`).
fn totp_secret(ctx: &AppContext, member: &staff::Model) -> Option<String> {
    let stored = member.totp_secret.as_deref()?;
    if !crate::platform::sealed::is_sealed(stored) {
        return Some(stored.to_owned());
    }
    String::from_utf8(ctx.keys.open(TOTP_SEALED_AS, stored)?).ok()
}

fn random_code(bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut raw);
    data_encoding::BASE32_NOPAD
        .encode(&raw)
        .to_ascii_lowercase()
}

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("a staff member with that address exists already")]
    Exists,
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// Creates a staff member (not yet able to sign in) and returns their set-up link. `by` is the
/// admin who invited them (`Actor::System` from the command line).
pub async fn create(
    ctx: &AppContext,
    email: &EmailAddress,
    name: &str,
    role: StaffRole,
    by: Actor,
    request: &RequestInfo,
) -> Result<String, StaffError> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let exists = staff::Entity::find()
        .filter(staff::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?
        .is_some();
    if exists {
        return Err(StaffError::Exists);
    }
    let token = random_code(20);
    let id = Uuid::now_v7();
    staff::ActiveModel {
        id: Set(id),
        email: Set(email.as_str().to_owned()),
        full_name: Set(name.to_owned()),
        role: Set(role.as_str().to_owned()),
        created_at: Set(now),
        disabled_at: Set(None),
        password_hash: Set(None),
        totp_secret: Set(Some(
            ctx.keys.seal(TOTP_SEALED_AS, totp::new_secret().as_bytes()),
        )),
        totp_enrolled_at: Set(None),
        totp_last_step: Set(None),
        setup_token_hash: Set(Some(sha256_hex(token.as_bytes()))),
        setup_expires_at: Set(Some(now + SETUP_VALID_FOR)),
    }
    .insert(&txn)
    .await
    .map_err(|err| match err.sql_err() {
        // Invited twice at once: the constraint decides.
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => StaffError::Exists,
        _ => StaffError::Database(err),
    })?;
    AuditEvent::new(by, None, "staff.created")
        .details(json!({ "staff": id, "role": role.as_str() }))
        .record(&txn, request, now)
        .await?;
    txn.commit().await?;
    Ok(format!("{}admin/setup?token={token}", ctx.public.base_url))
}

async fn by_setup_token(
    ctx: &AppContext,
    db: &impl sea_orm::ConnectionTrait,
    token: &str,
) -> Result<Option<staff::Model>, DbErr> {
    let now = ctx.clock.now();
    Ok(staff::Entity::find()
        .filter(staff::Column::SetupTokenHash.eq(sha256_hex(token.as_bytes())))
        .one(db)
        .await?
        .filter(|s| s.disabled_at.is_none() && s.setup_expires_at.is_some_and(|at| at > now)))
}

/// What the set-up page shows: the secret to type into the app, and its `otpauth://` URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    pub email: String,
    pub secret: String,
    pub uri: String,
}

pub async fn setup(ctx: &AppContext, token: &str) -> Result<Option<Setup>, DbErr> {
    let Some(member) = by_setup_token(ctx, &ctx.db, token).await? else {
        return Ok(None);
    };
    let Some(secret) = totp_secret(ctx, &member) else {
        return Ok(None);
    };
    Ok(Some(Setup {
        uri: totp::provisioning_uri(&ctx.public.organisation.name, &member.email, &secret),
        email: member.email,
        secret,
    }))
}

#[derive(Debug, PartialEq, Eq)]
pub enum Enrolled {
    /// Shown once: the recovery codes.
    Done(Vec<String>),
    InvalidLink,
    WrongCode,
    Limited(Verdict),
}

/// Finishes set-up: the password and a first code from the app. The link is spent.
pub async fn enrol(
    ctx: &AppContext,
    request: &RequestInfo,
    token: &str,
    password: &NewPassword,
    code: &str,
) -> Result<Enrolled, AuthError> {
    let now = ctx.clock.now();
    // Cheap checks first: the per-IP limit on links, then the link itself, and only then the
    // slow hash (a made-up token must not buy a hash).
    let by_ip = rate_limit::hit(
        &ctx.db,
        &crate::auth::ssr::limits::redeem_ip(request.ip),
        crate::auth::ssr::limits::REDEEM_PER_IP,
        now,
    )
    .await?;
    if by_ip != Verdict::Allowed {
        return Ok(Enrolled::Limited(by_ip));
    }
    if by_setup_token(ctx, &ctx.db, token).await?.is_none() {
        return Ok(Enrolled::InvalidLink);
    }
    let password_hash = match passwords::hash(password.expose()).await {
        Err(passwords::HashError::Busy) => {
            return Ok(Enrolled::Limited(crate::auth::ssr::limits::BUSY));
        }
        hashed => hashed?,
    };
    let txn = begin_write(&ctx.db).await?;
    let Some(member) = by_setup_token(ctx, &txn, token).await? else {
        return Ok(Enrolled::InvalidLink);
    };
    let Some(step) = totp_secret(ctx, &member)
        .and_then(|secret| totp::verify(&secret, code, now.timestamp(), None))
    else {
        return Ok(Enrolled::WrongCode);
    };
    let id = member.id;
    let mut active = member.into_active_model();
    active.password_hash = Set(Some(password_hash));
    active.totp_enrolled_at = Set(Some(now));
    active.totp_last_step = Set(Some(step));
    active.setup_token_hash = Set(None);
    active.setup_expires_at = Set(None);
    active.update(&txn).await?;
    recovery_entity::Entity::delete_many()
        .filter(recovery_entity::Column::StaffId.eq(id))
        .exec(&txn)
        .await?;
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| random_code(RECOVERY_CODE_BYTES))
        .collect();
    for code in &codes {
        recovery_entity::ActiveModel {
            id: Set(Uuid::now_v7()),
            staff_id: Set(id),
            code_hash: Set(ctx.keys.recovery_tag(code)),
            used_at: Set(None),
        }
        .insert(&txn)
        .await?;
    }
    AuditEvent::new(Actor::Staff(id), None, "staff.enrolled")
        .record(&txn, request, now)
        .await?;
    txn.commit().await?;
    Ok(Enrolled::Done(codes))
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

/// Signs a staff member in on this browser: a new session id, and no person session beside it.
pub async fn establish(
    session: &Session,
    staff_id: Uuid,
    request: &RequestInfo,
    now: DateTime<Utc>,
) -> Result<(), tower_sessions::session::Error> {
    session.cycle_id().await?;
    crate::platform::csrf::rotate_with_this_response();
    session.remove::<Uuid>(PERSON_KEY).await?;
    session.insert(STAFF_KEY, staff_id).await?;
    session.insert(STARTED_AT_KEY, now).await?;
    session.insert(USER_AGENT_KEY, &request.user_agent).await?;
    session
        .insert(IP_KEY, request.ip.map(|ip| ip.to_string()))
        .await?;
    Ok(())
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
        .and_then(|m| StaffRole::parse(&m.role).map(|role| (m, role))))
}
