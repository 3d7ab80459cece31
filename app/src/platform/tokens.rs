//! Single-use tokens sent by e-mail. 256 random bits, URL-safe base64; only the SHA-256 is
//! stored. Spending one is a single conditional update (unused, unexpired, right purpose), so
//! two requests racing with the same link cannot both win.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::Expr,
};
use uuid::Uuid;

use crate::platform::keys::sha256_hex;

use crate::store::one_time_tokens as entity;

use entity::{Column, Entity as Tokens};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    SignIn,
    PasswordReset,
    /// Confirms a new address; its payload names the old and new addresses.
    EmailChange,
    /// Stops (or undoes) an e-mail change, from the old address.
    EmailChangeCancel,
    /// Confirms a double opt-in consent; the payload names the change.
    ConsentConfirm,
    /// Undoes a consent change; the payload names the change.
    ConsentUndo,
    /// The person confirms it is them, for staff acting on a request they wrote in with.
    IdentityCheck,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::SignIn => "sign_in",
            Self::PasswordReset => "password_reset",
            Self::EmailChange => "email_change",
            Self::EmailChangeCancel => "email_change_cancel",
            Self::ConsentConfirm => "consent_confirm",
            Self::ConsentUndo => "consent_undo",
            Self::IdentityCheck => "identity_check",
        }
    }

    /// How long a link stays valid after the e-mail is sent.
    pub fn lifetime(self) -> Duration {
        match self {
            Self::VerifyEmail => Duration::hours(24),
            Self::SignIn => Duration::minutes(10),
            Self::PasswordReset => Duration::minutes(30),
            Self::EmailChange => Duration::hours(24),
            Self::EmailChangeCancel => Duration::days(7),
            Self::ConsentConfirm => Duration::days(30),
            Self::ConsentUndo => Duration::days(7),
            Self::IdentityCheck => Duration::hours(24),
        }
    }
}

/// Creates a token and returns it in the clear: the only moment it exists unhashed.
pub async fn mint(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    purpose: Purpose,
    payload: Option<String>,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    Tokens::insert(entity::ActiveModel {
        id: Set(Uuid::now_v7()),
        token_hash: Set(sha256_hex(token.as_bytes())),
        person_id: Set(person_id),
        purpose: Set(purpose.as_str().to_owned()),
        payload: Set(payload),
        created_at: Set(now),
        expires_at: Set(now + purpose.lifetime()),
        used_at: Set(None),
    })
    .exec(db)
    .await?;
    Ok(token)
}

/// A token as typed into a URL: anything else is refused before touching the database.
fn plausible(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Spends a token: returns whose it was, or `None` if it is unknown, used, expired or for
/// another purpose.
pub async fn spend(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, DbErr> {
    Ok(spend_with_payload(db, token, purpose, now)
        .await?
        .map(|(person, _)| person))
}

/// Spends a token and returns its person and payload.
pub async fn spend_with_payload(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> Result<Option<(Uuid, Option<String>)>, DbErr> {
    if !plausible(token) {
        return Ok(None);
    }
    let hash = sha256_hex(token.as_bytes());
    let spent = Tokens::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::TokenHash.eq(hash.clone()))
        .filter(Column::Purpose.eq(purpose.as_str()))
        .filter(Column::UsedAt.is_null())
        .filter(Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if spent.rows_affected != 1 {
        return Ok(None);
    }
    Ok(Tokens::find()
        .filter(Column::TokenHash.eq(hash))
        .one(db)
        .await?
        .map(|t| (t.person_id, t.payload)))
}

/// Whose a token is, if it could be spent now, without spending it (for the page a link opens).
pub async fn live_owner(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, DbErr> {
    if !plausible(token) {
        return Ok(None);
    }
    Ok(Tokens::find()
        .filter(Column::TokenHash.eq(sha256_hex(token.as_bytes())))
        .filter(Column::Purpose.eq(purpose.as_str()))
        .filter(Column::UsedAt.is_null())
        .filter(Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .map(|t| t.person_id))
}

/// Deletes tokens that expired before `before` (a scheduled job).
pub async fn delete_expired(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(Tokens::delete_many()
        .filter(Column::ExpiresAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}

/// Makes every unspent token of a purpose unusable (a cancelled e-mail change).
pub async fn void_all(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(Tokens::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::PersonId.eq(person_id))
        .filter(Column::Purpose.eq(purpose.as_str()))
        .filter(Column::UsedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}
