//! Sign-up, sign-in (password or e-mailed link), address confirmation and password reset.
//!
//! Every flow answers the same way whether or not the address has an account, and takes about
//! as long: an unknown address still costs a password verification (against a decoy hash), and
//! the only extra work for a known one is queueing a row in the outbox.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use super::{access, limits, passwords};
use crate::platform::tokens;
use crate::domain::{EmailAddress, NewPassword, PersonName};
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
};

use crate::store::credentials;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error(transparent)]
    Hash(#[from] passwords::HashError),
}

/// The answer to a form that may send an e-mail. Deliberately the same for known and unknown
/// addresses.
#[derive(Debug, PartialEq, Eq)]
pub enum MailRequest {
    Accepted,
    Limited(Verdict),
}

#[derive(Debug, PartialEq, Eq)]
pub enum SignIn {
    SignedIn(Uuid),
    /// Unknown address or wrong password: indistinguishable on purpose.
    WrongCredentials,
    /// The password was right but the address is unconfirmed; a new link was sent.
    Unconfirmed,
    Limited(Verdict),
    /// So many wrong passwords for this address, from anywhere, that its password path is
    /// closed for a while: an e-mailed sign-in link still works.
    LinkNeeded(Verdict),
}

async fn find_person(
    db: &impl sea_orm::ConnectionTrait,
    email: &EmailAddress,
) -> Result<Option<people::Model>, DbErr> {
    people::Entity::find()
        .filter(people::Column::Email.eq(email.as_str()))
        .one(db)
        .await
}

async fn credential_of(
    db: &impl sea_orm::ConnectionTrait,
    person_id: Uuid,
) -> Result<Option<credentials::Model>, DbErr> {
    credentials::Entity::find_by_id(person_id).one(db).await
}

/// Stores a person's password hash, replacing any earlier one.
pub async fn set_password(
    txn: &DatabaseTransaction,
    person_id: Uuid,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    match credential_of(txn, person_id).await? {
        Some(existing) => {
            let mut active = existing.into_active_model();
            active.password_hash = Set(password_hash);
            active.changed_at = Set(now);
            active.update(txn).await?;
        }
        None => {
            credentials::ActiveModel {
                person_id: Set(person_id),
                password_hash: Set(password_hash),
                created_at: Set(now),
                changed_at: Set(now),
            }
            .insert(txn)
            .await?;
        }
    }
    Ok(())
}

/// Queues a mail about a person in the caller's transaction.
pub(super) async fn mail(
    ctx: &AppContext,
    txn: &DatabaseTransaction,
    kind: MailKind,
    person: &people::Model,
    extra: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut payload = json!({ "name": person.full_name });
    if let (Some(target), Some(extra)) = (payload.as_object_mut(), extra.as_object()) {
        target.extend(extra.clone());
    }
    let mail = Mail {
        kind,
        person_id: person.id,
        to: person.email.clone(),
        payload,
        idempotency_key: format!("{}:{}:{}", kind.as_str(), person.id, Uuid::new_v4()),
    };
    queue(txn, mail, &ctx.public, now).await?;
    Ok(())
}

/// Queues a mail whose link the outbox worker mints when it sends (staff start password
/// resets and identity checks with it).
pub async fn queue_link_mail(
    ctx: &AppContext,
    txn: &DatabaseTransaction,
    kind: MailKind,
    person: &people::Model,
    purpose: tokens::Purpose,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    mail(ctx, txn, kind, person, link_minutes(purpose), now).await
}

fn link_minutes(purpose: tokens::Purpose) -> serde_json::Value {
    let lifetime = purpose.lifetime();
    json!({ "valid_minutes": lifetime.num_minutes(), "valid_hours": lifetime.num_hours() })
}

/// Counts a mail-sending request against the per-IP and per-address limits.
pub async fn mail_limits(
    ctx: &AppContext,
    request: &RequestInfo,
    email: &EmailAddress,
) -> Result<Verdict, DbErr> {
    let now = ctx.clock.now();
    let by_ip = rate_limit::hit(
        &ctx.db,
        &limits::mail_ip(request.ip),
        limits::MAIL_PER_IP,
        now,
    )
    .await?;
    if by_ip != Verdict::Allowed {
        return Ok(by_ip);
    }
    rate_limit::hit(
        &ctx.db,
        &limits::mail_address(&ctx.keys, email),
        limits::MAIL_PER_ADDRESS,
        now,
    )
    .await
}

pub async fn sign_up(
    ctx: &AppContext,
    request: &RequestInfo,
    name: PersonName,
    email: EmailAddress,
    password: NewPassword,
) -> Result<MailRequest, AuthError> {
    let verdict = mail_limits(ctx, request, &email).await?;
    if verdict != Verdict::Allowed {
        return Ok(MailRequest::Limited(verdict));
    }
    // Hash first, whatever happens next, so a known address answers as slowly as a new one.
    let password_hash = match passwords::hash(password.expose()).await {
        Err(passwords::HashError::Busy) => return Ok(MailRequest::Limited(limits::BUSY)),
        hashed => hashed?,
    };
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    match find_person(&txn, &email).await? {
        None => {
            let person = people::ActiveModel {
                id: Set(Uuid::now_v7()),
                email: Set(email.as_str().to_owned()),
                email_verified_at: Set(None),
                full_name: Set(Some(name.as_str().to_owned())),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                // Mail to them is written in the language they signed up in.
                language: Set(crate::i18n::code(crate::i18n::current_locale()).to_owned()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            credentials::ActiveModel {
                person_id: Set(person.id),
                password_hash: Set(password_hash),
                created_at: Set(now),
                changed_at: Set(now),
            }
            .insert(&txn)
            .await?;
            AuditEvent::new(
                Actor::Person(person.id),
                Some(person.id),
                "account.signed_up",
            )
            .details(json!({ "name": name.as_str(), "email": email.as_str() }))
            .record(&txn, request, now)
            .await?;
            mail(
                ctx,
                &txn,
                MailKind::VerifyEmail,
                &person,
                link_minutes(tokens::Purpose::VerifyEmail),
                now,
            )
            .await?;
        }
        Some(person) => {
            let kind = if credential_of(&txn, person.id).await?.is_some() {
                MailKind::AccountExists
            } else {
                MailKind::AccountSetup
            };
            AuditEvent::new(
                Actor::Anonymous,
                Some(person.id),
                "account.sign_up_for_existing_address",
            )
            .record(&txn, request, now)
            .await?;
            mail(
                ctx,
                &txn,
                kind,
                &person,
                link_minutes(tokens::Purpose::PasswordReset),
                now,
            )
            .await?;
        }
    }
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(MailRequest::Accepted)
}

pub async fn sign_in_with_password(
    ctx: &AppContext,
    request: &RequestInfo,
    email: &EmailAddress,
    password: &str,
) -> Result<SignIn, AuthError> {
    let now = ctx.clock.now();
    let pair_key = limits::sign_in_failures(&ctx.keys, email, request.ip);
    let counters = [
        (
            pair_key.clone(),
            limits::SIGN_IN_FAILURES_PER_ADDRESS_AND_IP,
        ),
        (limits::sign_in_ip(request.ip), limits::SIGN_IN_PER_IP),
        (
            limits::sign_in_address(&ctx.keys, email),
            limits::SIGN_IN_FAILURES_PER_ADDRESS,
        ),
    ];
    let reserved = match limits::reserve(&ctx.db, &counters, now).await? {
        Ok(reserved) => reserved,
        Err(refused) if refused.counter == 2 => return Ok(SignIn::LinkNeeded(refused.verdict)),
        Err(refused) => return Ok(SignIn::Limited(refused.verdict)),
    };

    let person = find_person(&ctx.db, email).await?;
    let stored = match &person {
        Some(person) => credential_of(&ctx.db, person.id)
            .await?
            .map(|c| c.password_hash),
        None => None,
    };
    let matches = match passwords::verify(password, stored).await {
        Err(passwords::HashError::Busy) => {
            reserved.refund(&ctx.db).await?;
            return Ok(SignIn::Limited(limits::BUSY));
        }
        verified => verified?,
    };
    let txn = begin_write(&ctx.db).await?;
    let outcome = match person {
        Some(person) if matches => {
            reserved.refund(&txn).await?;
            rate_limit::clear(&txn, &pair_key).await?;
            if person.email_verified_at.is_none() {
                AuditEvent::new(
                    Actor::Person(person.id),
                    Some(person.id),
                    "auth.sign_in_unconfirmed",
                )
                .record(&txn, request, now)
                .await?;
                txn.commit().await?;
                if mail_limits(ctx, request, email).await? == Verdict::Allowed {
                    let txn = begin_write(&ctx.db).await?;
                    mail(
                        ctx,
                        &txn,
                        MailKind::VerifyEmail,
                        &person,
                        link_minutes(tokens::Purpose::VerifyEmail),
                        now,
                    )
                    .await?;
                    txn.commit().await?;
                    ctx.wake_outbox();
                }
                return Ok(SignIn::Unconfirmed);
            }
            AuditEvent::new(Actor::Person(person.id), Some(person.id), "auth.signed_in")
                .details(json!({ "method": "password" }))
                .record(&txn, request, now)
                .await?;
            access::record(&txn, person.id, access::Method::Password, request, now).await?;
            SignIn::SignedIn(person.id)
        }
        person => {
            // The reservation stands: this failure counts on every counter.
            AuditEvent::new(
                Actor::Anonymous,
                person.map(|p| p.id),
                "auth.sign_in_failed",
            )
            .record(&txn, request, now)
            .await?;
            SignIn::WrongCredentials
        }
    };
    txn.commit().await?;
    Ok(outcome)
}

/// "E-mail me a sign-in link", "forgot my password" and "send the confirmation again": each
/// queues its mail when the address is known (and, for the confirmation, unconfirmed), and
/// answers the same either way.
pub async fn request_mail(
    ctx: &AppContext,
    request: &RequestInfo,
    email: &EmailAddress,
    kind: MailKind,
) -> Result<MailRequest, AuthError> {
    let verdict = mail_limits(ctx, request, email).await?;
    if verdict != Verdict::Allowed {
        return Ok(MailRequest::Limited(verdict));
    }
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    if let Some(person) = find_person(&txn, email).await? {
        let (purpose, action) = match kind {
            MailKind::SignInLink => (tokens::Purpose::SignIn, "auth.sign_in_link_sent"),
            MailKind::PasswordReset => (tokens::Purpose::PasswordReset, "auth.password_reset_sent"),
            _ => (tokens::Purpose::VerifyEmail, "account.confirmation_sent"),
        };
        let wanted = kind != MailKind::VerifyEmail || person.email_verified_at.is_none();
        if wanted {
            AuditEvent::new(Actor::Anonymous, Some(person.id), action)
                .record(&txn, request, now)
                .await?;
            mail(ctx, &txn, kind, &person, link_minutes(purpose), now).await?;
        }
    }
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(MailRequest::Accepted)
}

pub async fn record_sign_out(
    ctx: &AppContext,
    request: &RequestInfo,
    person_id: Uuid,
) -> Result<(), DbErr> {
    let txn = begin_write(&ctx.db).await?;
    AuditEvent::new(Actor::Person(person_id), Some(person_id), "auth.signed_out")
        .record(&txn, request, ctx.clock.now())
        .await?;
    txn.commit().await
}

