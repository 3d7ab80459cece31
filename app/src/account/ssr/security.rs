//! Account security: the person's active sessions (and ending any of them), and changing the
//! password (current one required; a notice is sent; other sessions end on request).

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use crate::i18n::format::{device, shown};
use crate::account::views::{Security, SessionView};
use crate::auth::ssr::passwords;
use crate::store::{credentials, sessions};
use crate::domain::NewPassword;
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
    sessions::{IP_KEY, SEEN_AT_KEY, STARTED_AT_KEY, USER_AGENT_KEY},
};

pub async fn load(
    ctx: &AppContext,
    person_id: Uuid,
    current_key: Option<&str>,
) -> Result<Security, DbErr> {
    let has_password = credentials::Entity::find_by_id(person_id)
        .one(&ctx.db)
        .await?
        .is_some();
    let now = ctx.clock.now();
    let rows = sessions::Entity::find()
        .filter(sessions::Column::PersonId.eq(person_id))
        .filter(sessions::Column::ExpiresAt.gt(now))
        .all(&ctx.db)
        .await?;
    let mut list: Vec<(DateTime<Utc>, SessionView)> = rows
        .into_iter()
        .map(|row| {
            let data: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&row.data).unwrap_or_default();
            let time = |key: &str| {
                data.get(key)
                    .and_then(|v| serde_json::from_value::<DateTime<Utc>>(v.clone()).ok())
            };
            let started = time(STARTED_AT_KEY).unwrap_or(now);
            let seen = time(SEEN_AT_KEY).unwrap_or(started);
            let text = |key: &str| data.get(key).and_then(|v| v.as_str()).map(str::to_owned);
            let view = SessionView {
                current: current_key == Some(row.id.as_str()),
                key: row.id,
                device: device(text(USER_AGENT_KEY).as_deref()),
                ip: text(IP_KEY),
                started: shown(started),
                last_seen: shown(seen),
            };
            (seen, view)
        })
        .collect();
    list.sort_by(|a, b| b.1.current.cmp(&a.1.current).then(b.0.cmp(&a.0)));
    Ok(Security {
        has_password,
        sessions: list.into_iter().map(|(_, view)| view).collect(),
    })
}

/// Ends one of the person's sessions. Another person's session, or an unknown key, ends
/// nothing; the answer is the same.
pub async fn end_session(
    ctx: &AppContext,
    request: &RequestInfo,
    person_id: Uuid,
    key: &str,
) -> Result<bool, DbErr> {
    let txn = begin_write(&ctx.db).await?;
    let ended = sessions::Entity::delete_many()
        .filter(sessions::Column::Id.eq(key))
        .filter(sessions::Column::PersonId.eq(person_id))
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if ended {
        AuditEvent::new(
            Actor::Person(person_id),
            Some(person_id),
            "auth.session_ended",
        )
        .record(&txn, request, ctx.clock.now())
        .await?;
    }
    txn.commit().await?;
    Ok(ended)
}

#[derive(Debug, PartialEq, Eq)]
pub enum PasswordChange {
    Changed {
        sessions_ended: u64,
    },
    WrongCurrentPassword,
    /// Too many wrong current passwords (counted as re-authentication is).
    Limited(crate::platform::rate_limit::Verdict),
}

/// Changes the password. With `end_others`, every other session of the person ends.
pub async fn change_password(
    ctx: &AppContext,
    request: &RequestInfo,
    person_id: Uuid,
    current: &str,
    new: NewPassword,
    end_others: bool,
    current_key: Option<&str>,
) -> Result<PasswordChange, crate::auth::ssr::accounts::AuthError> {
    // The current password is re-authentication, with its limits; a person without one sets
    // a first password through a reset link instead.
    match crate::auth::ssr::reauth::check(ctx, person_id, current, None).await? {
        crate::auth::ssr::reauth::Reauth::Confirmed => {}
        crate::auth::ssr::reauth::Reauth::Limited(verdict) => return Ok(PasswordChange::Limited(verdict)),
        crate::auth::ssr::reauth::Reauth::WrongPassword | crate::auth::ssr::reauth::Reauth::SignInAgain => {
            return Ok(PasswordChange::WrongCurrentPassword);
        }
    }
    let hash = match passwords::hash(new.expose()).await {
        Err(passwords::HashError::Busy) => {
            return Ok(PasswordChange::Limited(crate::auth::ssr::limits::BUSY));
        }
        hashed => hashed?,
    };
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    crate::auth::ssr::accounts::set_password(&txn, person_id, hash, now).await?;
    let mut sessions_ended = 0;
    if end_others {
        let mut others =
            sessions::Entity::delete_many().filter(sessions::Column::PersonId.eq(person_id));
        if let Some(key) = current_key {
            others = others.filter(sessions::Column::Id.ne(key));
        }
        sessions_ended = others.exec(&txn).await?.rows_affected;
    }
    AuditEvent::new(
        Actor::Person(person_id),
        Some(person_id),
        "account.password_changed",
    )
    .details(json!({ "sessions_ended": sessions_ended }))
    .record(&txn, request, now)
    .await?;
    if let Some(person) = people::Entity::find_by_id(person_id).one(&txn).await? {
        let mail = Mail {
            kind: MailKind::PasswordChanged,
            person_id,
            to: person.email.clone(),
            payload: json!({
                "name": person.full_name,
                "changed_at": now,
                "others_ended": end_others,
            }),
            idempotency_key: format!("password_changed:{person_id}:{}", Uuid::new_v4()),
        };
        queue(&txn, mail, &ctx.public, now).await?;
    }
    txn.commit().await?;
    ctx.wake_outbox();
    Ok(PasswordChange::Changed { sessions_ended })
}
