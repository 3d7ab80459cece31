//! A new staff member's invitation and set-up: the one-use link, the TOTP secret shown once,
//! and the recovery codes.

use chrono::Duration;
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter,
};
use serde_json::json;
use uuid::Uuid;
use super::auth::{TOTP_SEALED_AS, totp_secret};
use crate::admin::sign_in::totp;
use crate::auth::ssr::{accounts::AuthError, passwords};
use crate::domain::{EmailAddress, password::NewPassword};
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    db::begin_write,
    keys::sha256_hex,
    rate_limit::{self, Verdict},
    request::RequestInfo,
};
use crate::domain::StaffRole;
use crate::store::staff;
use crate::store::staff_recovery_codes as recovery_entity;

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("a staff member with that address exists already")]
    Exists,
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// How long a set-up link works.
pub const SETUP_VALID_FOR: Duration = Duration::hours(72);

pub const RECOVERY_CODES: usize = 10;

/// Recovery codes carry 80 random bits (16 base32 characters), stored as a keyed hash.
const RECOVERY_CODE_BYTES: usize = 10;

fn random_code(bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut raw);
    data_encoding::BASE32_NOPAD
        .encode(&raw)
        .to_ascii_lowercase()
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
        role: Set(role),
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
