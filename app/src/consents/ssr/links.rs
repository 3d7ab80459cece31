//! The two links consent e-mails carry: confirm a double opt-in, and undo a change. Each is
//! single use; refusing one (the topics changed again since, or processing is restricted)
//! rolls back, so nothing is spent or changed.

use sea_orm::{DbErr, EntityTrait};
use serde::Deserialize;
use uuid::Uuid;

use crate::store::consent_ledger as ledger;
use super::ledger::{Applied, Who, entries_of_change, set_states, states_of};
use crate::auth::ssr::links::{Proof, confirm_address};
use crate::platform::tokens::{self, Purpose};
use crate::consents::model::{ConsentState, Source};
use crate::store::people;
use crate::platform::{audit::Actor, context::AppContext, db::begin_write, request::RequestInfo};

#[derive(Debug, PartialEq, Eq)]
pub enum Followed {
    Done(Applied),
    /// Unknown, used or expired.
    Invalid,
    /// A topic of the change was changed again since: undoing would overwrite that.
    ChangedSince,
    /// Processing of the person's data is restricted.
    Restricted,
}

#[derive(Deserialize)]
struct ChangeRef {
    change_id: Uuid,
}

/// Entries of the change behind a link whose topics have not changed since.
async fn unchanged_entries(
    txn: &impl sea_orm::ConnectionTrait,
    person_id: Uuid,
    change_id: Uuid,
) -> Result<Option<Vec<ledger::Model>>, DbErr> {
    let entries = entries_of_change(txn, change_id).await?;
    let states = states_of(txn, person_id).await?;
    let untouched = entries.iter().all(|entry| {
        states
            .get(&entry.topic_key)
            .is_some_and(|s| s.last_seq == entry.seq)
    });
    Ok(untouched.then_some(entries).filter(|e| !e.is_empty()))
}

pub async fn follow(
    ctx: &AppContext,
    request: &RequestInfo,
    token: &str,
    purpose: Purpose,
) -> Result<Followed, DbErr> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let spent = tokens::spend_with_payload(&txn, token, purpose, now).await?;
    let Some((person_id, Some(payload))) = spent else {
        txn.rollback().await?;
        return Ok(Followed::Invalid);
    };
    let (Ok(change), Some(person)) = (
        serde_json::from_str::<ChangeRef>(&payload),
        people::Entity::find_by_id(person_id).one(&txn).await?,
    ) else {
        txn.rollback().await?;
        return Ok(Followed::Invalid);
    };
    let outcome = match purpose {
        Purpose::ConsentConfirm => confirm(ctx, &txn, person, change.change_id, request).await?,
        _ => revert(ctx, &txn, &person, change.change_id, Source::Undo, request).await?,
    };
    if matches!(outcome, Followed::Done(_)) {
        txn.commit().await?;
        ctx.wake_outbox();
    } else {
        txn.rollback().await?;
    }
    Ok(outcome)
}

/// Whether [`revert`] would put a change back now: it is the person's, and none of its topics
/// changed since.
pub async fn can_revert(
    db: &impl sea_orm::ConnectionTrait,
    person_id: Uuid,
    change_id: Uuid,
) -> Result<bool, DbErr> {
    Ok(unchanged_entries(db, person_id, change_id).await?.is_some())
}

/// Puts back the states a change replaced, unless processing is restricted or a topic of the
/// change was changed again since. `source` says how the person asked (a consent taken back
/// through a bearer link comes back pending). Runs in the caller's transaction, which should
/// commit only on `Done`.
pub async fn revert(
    ctx: &AppContext,
    txn: &sea_orm::DatabaseTransaction,
    person: &people::Model,
    change_id: Uuid,
    source: Source,
    request: &RequestInfo,
) -> Result<Followed, DbErr> {
    let entries = match actionable(txn, person, change_id).await? {
        Ok(entries) => entries,
        Err(refusal) => return Ok(refusal),
    };
    let targets: Vec<_> = entries
        .iter()
        .map(|e| (e.topic_key.clone(), e.previous_state))
        .collect();
    let who = Who {
        source,
        actor: Actor::Person(person.id),
        reason: None,
        request,
    };
    let applied = set_states(ctx, txn, person.id, &targets, &who).await?;
    Ok(Followed::Done(applied))
}

/// The entries of a change a link may still act on, or why not.
async fn actionable(
    txn: &sea_orm::DatabaseTransaction,
    person: &people::Model,
    change_id: Uuid,
) -> Result<Result<Vec<ledger::Model>, Followed>, DbErr> {
    if person.restricted_at.is_some() || person.erased_at.is_some() {
        return Ok(Err(Followed::Restricted));
    }
    Ok(unchanged_entries(txn, person.id, change_id)
        .await?
        .ok_or(Followed::ChangedSince))
}

/// Grants the pending topics of a double opt-in; following the link proves the address.
async fn confirm(
    ctx: &AppContext,
    txn: &sea_orm::DatabaseTransaction,
    person: people::Model,
    change_id: Uuid,
    request: &RequestInfo,
) -> Result<Followed, DbErr> {
    let entries = match actionable(txn, &person, change_id).await? {
        Ok(entries) => entries,
        Err(refusal) => return Ok(refusal),
    };
    let targets: Vec<_> = entries
        .iter()
        .filter(|e| e.state == ConsentState::Pending)
        .map(|e| (e.topic_key.clone(), ConsentState::Granted))
        .collect();
    let person_id = person.id;
    confirm_address(txn, person_id, Proof::OtherLink, request, ctx.clock.now()).await?;
    let who = Who {
        source: Source::DoubleOptInConfirm,
        actor: Actor::Person(person_id),
        reason: None,
        request,
    };
    let applied = set_states(ctx, txn, person_id, &targets, &who).await?;
    Ok(Followed::Done(applied))
}
