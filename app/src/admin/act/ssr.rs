//! Staff acting on a person's behalf: consents, contact details, a password reset (never a
//! password), ending sessions, restriction and erasure. Each action carries a written reason,
//! is audited with the staff member, and changes consents only through the ledger with source
//! "staff", so the person sees it in their history.
//!
//! **Identity first.** Before staff change contact details or erase for someone who wrote in,
//! they say how the person's identity was checked: either the person confirmed a verification
//! e-mail sent from the admin view to the address on file (within [`CONFIRMATION_LASTS`]; one
//! confirmation vouches for one action), or staff record how they checked. The check is an audit row written in the action's own
//! transaction.

use chrono::Duration;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::json;
use uuid::Uuid;

use crate::consents::{
    model::Source,
    ssr::ledger::{Applied, Who, choose},
};
use crate::forms::FieldError;
use crate::i18n::{current_locale, tr};
use crate::outbox::kinds::MailKind;
use crate::platform::tokens::{self, Purpose};
use crate::platform::{
    audit::{Acting, Actor, AuditEvent, IDENTITY_CHECKED},
    context::AppContext,
    db::begin_write,
    request::RequestInfo,
    sessions::DbSessionStore,
};
use crate::store::people;

pub const IDENTITY_MAIL_SENT: &str = "staff.identity_mail_sent";
pub const IDENTITY_CONFIRMED: &str = "identity.confirmed";
/// How an identity check by e-mail is recorded (and recognised as spent).
const BY_EMAIL: &str = "confirmed the verification e-mail sent to the address on file";
/// How long a confirmed verification e-mail vouches for the person (for one action).
pub const CONFIRMATION_LASTS: Duration = Duration::hours(24);
pub const REASON_MAX: usize = 500;

/// A reason as typed: required, at most [`REASON_MAX`] characters.
pub fn reason(raw: &str) -> Result<&str, ReasonError> {
    let reason = raw.trim();
    if reason.is_empty() {
        Err(ReasonError::Missing)
    } else if reason.chars().count() > REASON_MAX {
        Err(ReasonError::TooLong)
    } else {
        Ok(reason)
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum ReasonError {
    Missing,
    TooLong,
}

impl FieldError for ReasonError {
    fn field(&self) -> &'static str {
        "reason"
    }

    fn message(&self) -> &'static str {
        let locale = current_locale();
        match self {
            Self::Missing => tr!(locale, admin.action_reason_missing),
            Self::TooLong => tr!(locale, admin.reason_too_long),
        }
    }
}

/// How staff checked who they are dealing with.
#[derive(Debug, PartialEq, Eq)]
pub enum Identity {
    /// The person confirmed the verification e-mail sent to the address on file.
    Email,
    /// Staff checked another way and say how.
    Recorded(String),
}

#[derive(Debug, PartialEq, Eq)]
pub enum IdentityError {
    /// No method chosen.
    Missing,
    /// "Recorded" without saying how.
    HowMissing,
    /// The verification e-mail was not confirmed (recently enough).
    NotConfirmed,
}

impl FieldError for IdentityError {
    fn field(&self) -> &'static str {
        match self {
            Self::HowMissing => "identity_how",
            Self::Missing | Self::NotConfirmed => "identity",
        }
    }

    fn message(&self) -> &'static str {
        let locale = current_locale();
        match self {
            Self::Missing => tr!(locale, admin.identity_missing),
            Self::HowMissing => tr!(locale, admin.identity_how_missing),
            Self::NotConfirmed => tr!(locale, admin.identity_not_confirmed),
        }
    }
}

/// Parses the identity part of a form and, for the e-mail method, checks that the person
/// confirmed within [`CONFIRMATION_LASTS`]. Returns the description that goes on the record.
pub async fn check_identity(
    ctx: &AppContext,
    person_id: Uuid,
    method: &str,
    how: &str,
) -> Result<Result<String, IdentityError>, DbErr> {
    let identity = match method {
        "email" => Identity::Email,
        "recorded" => match reason(how) {
            Ok(how) => Identity::Recorded(how.to_owned()),
            Err(_) => return Ok(Err(IdentityError::HowMissing)),
        },
        _ => return Ok(Err(IdentityError::Missing)),
    };
    Ok(match identity {
        Identity::Email => {
            if unused_confirmation(ctx, person_id).await? {
                Ok(BY_EMAIL.to_owned())
            } else {
                Err(IdentityError::NotConfirmed)
            }
        }
        Identity::Recorded(how) => Ok(format!("recorded by staff: {how}")),
    })
}

/// Whether the person confirmed a verification e-mail within [`CONFIRMATION_LASTS`] that no
/// action has relied on yet: one confirmation vouches for one action.
async fn unused_confirmation(ctx: &AppContext, person_id: Uuid) -> Result<bool, DbErr> {
    let since = ctx.clock.now() - CONFIRMATION_LASTS;
    let Some(confirmed) = crate::store::audit_log::Entity::find()
        .filter(crate::store::audit_log::Column::PersonId.eq(person_id))
        .filter(crate::store::audit_log::Column::Action.eq(IDENTITY_CONFIRMED))
        .filter(crate::store::audit_log::Column::OccurredAt.gt(since))
        .order_by_desc(crate::store::audit_log::Column::OccurredAt)
        .one(&ctx.db)
        .await?
    else {
        return Ok(false);
    };
    let used = crate::store::audit_log::Entity::find()
        .filter(crate::store::audit_log::Column::PersonId.eq(person_id))
        .filter(crate::store::audit_log::Column::Action.eq(IDENTITY_CHECKED))
        .filter(crate::store::audit_log::Column::Reason.eq(BY_EMAIL))
        .filter(crate::store::audit_log::Column::OccurredAt.gte(confirmed.occurred_at))
        .count(&ctx.db)
        .await?;
    Ok(used == 0)
}

/// Sends the person a link that confirms the address on file is theirs.
pub async fn send_identity_mail(ctx: &AppContext, acting: &Acting<'_>) -> Result<bool, DbErr> {
    link_mail(
        ctx,
        acting,
        IDENTITY_MAIL_SENT,
        MailKind::IdentityCheck,
        Purpose::IdentityCheck,
    )
    .await
}

/// Audits `action` and queues a mail whose link the worker mints, in one transaction.
async fn link_mail(
    ctx: &AppContext,
    acting: &Acting<'_>,
    action: &'static str,
    kind: MailKind,
    purpose: Purpose,
) -> Result<bool, DbErr> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let Some(person) = people::live(&txn, acting.person_id).await? else {
        return Ok(false);
    };
    AuditEvent::new(acting.actor(), Some(person.id), action)
        .reason(acting.reason)
        .record(&txn, acting.request, now)
        .await?;
    crate::auth::ssr::accounts::queue_link_mail(ctx, &txn, kind, &person, purpose, now).await?;
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(true)
}

/// The person pressed the button of the verification e-mail.
pub async fn confirm_identity(
    ctx: &AppContext,
    request: &RequestInfo,
    token: &str,
) -> Result<bool, DbErr> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let Some(person_id) = tokens::spend(&txn, token, Purpose::IdentityCheck, now).await? else {
        return Ok(false);
    };
    if people::live(&txn, person_id).await?.is_none() {
        return Ok(false);
    }
    AuditEvent::new(
        Actor::Person(person_id),
        Some(person_id),
        IDENTITY_CONFIRMED,
    )
    .record(&txn, request, now)
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// Consents as staff set them on the person's behalf: through the ledger, source "staff",
/// with the reason on every entry; the person gets the usual confirmation e-mail.
pub async fn change_consents(
    ctx: &AppContext,
    acting: &Acting<'_>,
    wanted: &[(String, bool)],
) -> Result<Applied, DbErr> {
    let txn = begin_write(&ctx.db).await?;
    if people::live(&txn, acting.person_id).await?.is_none() {
        return Err(DbErr::RecordNotFound("person".into()));
    }
    let who = Who {
        source: Source::Staff,
        actor: acting.actor(),
        reason: Some(acting.reason),
        request: acting.request,
    };
    let applied = choose(ctx, &txn, acting.person_id, wanted, &who).await?;
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(applied)
}

/// Ends every session of the person; returns how many there were.
pub async fn end_sessions(ctx: &AppContext, acting: &Acting<'_>) -> Result<u64, DbErr> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let ended = DbSessionStore::delete_for_person(&txn, acting.person_id).await?;
    AuditEvent::new(
        acting.actor(),
        Some(acting.person_id),
        "staff.ended_sessions",
    )
    .reason(acting.reason)
    .details(json!({ "sessions": ended }))
    .record(&txn, acting.request, now)
    .await?;
    txn.commit().await?;
    Ok(ended)
}

/// Ends every profile link the person was sent (a forwarded newsletter, a shared mailbox).
pub async fn revoke_links(ctx: &AppContext, acting: &Acting<'_>) -> Result<(), DbErr> {
    let txn = begin_write(&ctx.db).await?;
    crate::newsletter::ssr::profile::revoke_links(
        &txn,
        acting.person_id,
        acting.actor(),
        Some(acting.reason),
        acting.request,
        ctx.clock.now(),
    )
    .await?;
    txn.commit().await
}

/// Sends a password-reset link to the address on file. Staff never see or set a password.
pub async fn start_password_reset(ctx: &AppContext, acting: &Acting<'_>) -> Result<bool, DbErr> {
    link_mail(
        ctx,
        acting,
        "staff.password_reset_started",
        MailKind::PasswordReset,
        Purpose::PasswordReset,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_required_and_bounded() {
        assert_eq!(reason("  "), Err(ReasonError::Missing));
        assert_eq!(
            reason(&"x".repeat(REASON_MAX + 1)),
            Err(ReasonError::TooLong)
        );
        assert_eq!(reason("  phoned in  "), Ok("phoned in"));
    }
}
