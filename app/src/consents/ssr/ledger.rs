//! Changing consents: one transaction appends a ledger entry per changed topic, updates the
//! current state beside it, writes an audit event and queues one confirmation e-mail (with an
//! undo link) for the whole change, plus a confirmation request for double opt-in topics.
//!
//! The person's row is locked first (`SELECT … FOR UPDATE` on PostgreSQL; SQLite's single
//! writer serialises anyway), so concurrent changes of one person apply one after another and
//! the state always equals the last ledger entry by sequence.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::OnConflict,
};
use serde_json::json;
use uuid::Uuid;

use crate::store::{
    consent_ledger as ledger, consent_states as state, consent_topics as topic,
    policy_versions as policy_version,
};
use super::feed;
use crate::consents::model::{ConsentState, Source};
use crate::outbox::{
    kinds::MailKind,
    queue::{Mail, queue},
};
use crate::store::people;
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    request::RequestInfo,
};

/// Who changes consents, how, and why.
pub struct Who<'a> {
    pub source: Source,
    pub actor: Actor,
    pub reason: Option<&'a str>,
    pub request: &'a RequestInfo,
}

/// One topic's change in a change set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changed {
    pub key: String,
    pub title: String,
    pub from: ConsentState,
    pub to: ConsentState,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub change_id: Option<Uuid>,
    pub changes: Vec<Changed>,
    /// Some topic was not switched on because the person is erased or their processing is
    /// restricted (a withdrawal always applies).
    pub frozen: bool,
}

/// The topics as they stand: the latest active version of each key, in page order.
pub async fn current_topics(
    db: &impl sea_orm::ConnectionTrait,
) -> Result<Vec<topic::Model>, DbErr> {
    let all = topic::Entity::find()
        .filter(topic::Column::Active.eq(true))
        .order_by_asc(topic::Column::SortOrder)
        .order_by_desc(topic::Column::Version)
        .all(db)
        .await?;
    let mut seen = std::collections::HashSet::new();
    Ok(all
        .into_iter()
        .filter(|t| seen.insert(t.key.clone()))
        .collect())
}

/// What a consents form asks for: every current topic, on when its checkbox was sent.
pub async fn wanted_from(
    db: &impl sea_orm::ConnectionTrait,
    checked: &std::collections::BTreeMap<String, String>,
) -> Result<Vec<(String, bool)>, DbErr> {
    Ok(current_topics(db)
        .await?
        .into_iter()
        .map(|topic| {
            let on = checked.contains_key(&topic.key);
            (topic.key, on)
        })
        .collect())
}

/// The policy version in force at `now`.
pub async fn policy_in_force(
    db: &impl sea_orm::ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<i32, DbErr> {
    Ok(policy_version::Entity::find()
        .filter(policy_version::Column::EffectiveAt.lte(now))
        .order_by_desc(policy_version::Column::Version)
        .one(db)
        .await?
        .map(|p| p.version)
        .unwrap_or(1))
}

pub async fn states_of(
    db: &impl sea_orm::ConnectionTrait,
    person_id: Uuid,
) -> Result<HashMap<String, state::Model>, DbErr> {
    Ok(state::Entity::find()
        .filter(state::Column::PersonId.eq(person_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.topic_key.clone(), s))
        .collect())
}

/// What a person asks for, per topic: on or off. "On" for a double opt-in topic becomes
/// pending, unless the change *is* the confirmation; so does any "on" from a source that
/// cannot grant by itself (see [`Source::grants_directly`] and [`set_states`]).
pub async fn choose(
    ctx: &AppContext,
    txn: &DatabaseTransaction,
    person_id: Uuid,
    wanted: &[(String, bool)],
    who: &Who<'_>,
) -> Result<Applied, DbErr> {
    let topics = current_topics(txn).await?;
    let states = states_of(txn, person_id).await?;
    let targets: Vec<(String, ConsentState)> = wanted
        .iter()
        .filter_map(|(key, on)| {
            let topic = topics.iter().find(|t| &t.key == key)?;
            let current = states.get(key).map(|s| s.state);
            let needs_confirmation =
                topic.double_opt_in && who.source != Source::DoubleOptInConfirm;
            let target = match (on, current) {
                (false, _) => ConsentState::Withdrawn,
                // Still on: a granted consent stays granted, a pending one stays pending.
                (true, Some(ConsentState::Granted)) => ConsentState::Granted,
                (true, _) if needs_confirmation => ConsentState::Pending,
                (true, _) => ConsentState::Granted,
            };
            Some((key.clone(), target))
        })
        .collect();
    set_states(ctx, txn, person_id, &targets, who).await
}

/// Sets exact states (undo and confirmations use this). Topics already in their target
/// state are left alone; service notices cannot be switched off while a contract is active.
/// A grant from a source that cannot grant by itself is recorded as pending, and the person
/// is asked to confirm it by e-mail: this is the one place every grant passes. It is also
/// where erasure and restriction are checked, under the person's lock, so a change racing an
/// erasure or a restriction cannot switch anything on for a person who is gone or frozen.
pub async fn set_states(
    ctx: &AppContext,
    txn: &DatabaseTransaction,
    person_id: Uuid,
    targets: &[(String, ConsentState)],
    who: &Who<'_>,
) -> Result<Applied, DbErr> {
    let now = ctx.clock.now();
    let Some(person) = people::Entity::find_by_id(person_id)
        .lock_exclusive()
        .one(txn)
        .await?
    else {
        return Err(DbErr::RecordNotFound("person".into()));
    };
    let topics = current_topics(txn).await?;
    let states = states_of(txn, person_id).await?;
    let policy = policy_in_force(txn, now).await?;
    let change_id = Uuid::now_v7();
    let mut changes = Vec::new();
    let frozen = person.erased_at.is_some() || person.restricted_at.is_some();
    let mut held_back = false;

    for (key, target) in targets {
        let Some(topic) = topics.iter().find(|t| &t.key == key) else {
            continue;
        };
        let current = states
            .get(key)
            .map_or(ConsentState::Withdrawn, |s| s.state);
        let target = &admitted(*target, current, who.source);
        if current == *target {
            continue;
        }
        if frozen && *target != ConsentState::Withdrawn {
            held_back = true;
            continue;
        }
        if topic.service_notices && person.active_contract && *target == ConsentState::Withdrawn {
            continue;
        }
        let entry = ledger::Entity::insert(ledger::ActiveModel {
            person_id: Set(person_id),
            topic_key: Set(key.clone()),
            topic_version: Set(topic.version),
            state: Set(*target),
            previous_state: Set(current),
            occurred_at: Set(now),
            source: Set(who.source),
            actor_kind: Set(actor_kind(who.actor).to_owned()),
            actor_id: Set(actor_id(who.actor)),
            reason: Set(who.reason.map(str::to_owned)),
            wording: Set(topic.wording.clone()),
            policy_version: Set(policy),
            change_id: Set(change_id),
            ip: Set(who.request.ip.map(|ip| ip.to_string())),
            user_agent: Set(who.request.user_agent.clone()),
            ..Default::default()
        })
        .exec(txn)
        .await?;
        state::Entity::insert(state::ActiveModel {
            person_id: Set(person_id),
            topic_key: Set(key.clone()),
            state: Set(*target),
            topic_version: Set(topic.version),
            last_seq: Set(entry.last_insert_id),
            updated_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([state::Column::PersonId, state::Column::TopicKey])
                .update_columns([
                    state::Column::State,
                    state::Column::TopicVersion,
                    state::Column::LastSeq,
                    state::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(txn)
        .await?;
        feed::append(
            txn,
            person_id,
            feed::Event::Consent {
                topic: key,
                state: *target,
                source: who.source,
            },
            now,
        )
        .await?;
        changes.push(Changed {
            key: key.clone(),
            title: topic.title.clone(),
            from: current,
            to: *target,
        });
    }

    if changes.is_empty() {
        return Ok(Applied {
            frozen: held_back,
            ..Applied::default()
        });
    }
    let mut event = AuditEvent::new(who.actor, Some(person_id), "consents.changed")
        .details(json!({
            "change_id": change_id,
            "source": who.source.as_str(),
            "changes": changes.iter().map(|c| json!({ "topic": c.key, "from": c.from.as_str(), "to": c.to.as_str() })).collect::<Vec<_>>(),
        }));
    if let Some(reason) = who.reason {
        event = event.reason(reason);
    }
    event.record(txn, who.request, now).await?;
    if who.source.confirmed_by_mail() {
        confirm_by_mail(ctx, txn, &person, change_id, &changes, now).await?;
    }
    Ok(Applied {
        change_id: Some(change_id),
        changes,
        frozen: held_back,
    })
}

/// The state a source may set: a grant it cannot make by itself waits for the person.
fn admitted(target: ConsentState, current: ConsentState, source: Source) -> ConsentState {
    let grant_needs_person = target == ConsentState::Granted
        && current != ConsentState::Granted
        && !source.grants_directly();
    if grant_needs_person {
        ConsentState::Pending
    } else {
        target
    }
}

/// One mail for the whole change, with its undo link; and, when a double opt-in topic is now
/// pending, the request to confirm it.
async fn confirm_by_mail(
    ctx: &AppContext,
    txn: &DatabaseTransaction,
    person: &people::Model,
    change_id: Uuid,
    changes: &[Changed],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let listed: Vec<_> = changes
        .iter()
        .map(|c| json!({ "title": c.title, "state": c.to.as_str() }))
        .collect();
    let change = json!({ "change_id": change_id });
    let public = &ctx.public;
    // A change that only asks for confirmations needs no second mail saying so.
    if changes.iter().any(|c| c.to != ConsentState::Pending) {
        queue(
            txn,
            Mail {
                kind: MailKind::ConsentsChanged,
                person_id: person.id,
                to: person.email.clone(),
                payload: json!({ "name": person.full_name, "changes": listed, "change": change }),
                idempotency_key: format!("consents_changed:{change_id}"),
            },
            public,
            now,
        )
        .await?;
    }
    let pending: Vec<&Changed> = changes
        .iter()
        .filter(|c| c.to == ConsentState::Pending)
        .collect();
    // The confirmation request carries the one-click unsubscribe of what it asks about.
    let list_topic = pending.first().map(|c| c.key.clone());
    let pending: Vec<String> = pending.into_iter().map(|c| c.title.clone()).collect();
    if !pending.is_empty() {
        queue(
            txn,
            Mail {
                kind: MailKind::ConsentConfirm,
                person_id: person.id,
                to: person.email.clone(),
                payload: json!({ "name": person.full_name, "topics": pending, "change": change, "list_topic": list_topic }),
                idempotency_key: format!("consent_confirm:{change_id}"),
            },
            public,
            now,
        )
        .await?;
    }
    Ok(())
}

fn actor_kind(actor: Actor) -> &'static str {
    match actor {
        Actor::Person(_) => "person",
        Actor::Staff(_) => "staff",
        Actor::System => "system",
        Actor::Anonymous => "anonymous",
    }
}

fn actor_id(actor: Actor) -> Option<Uuid> {
    match actor {
        Actor::Person(id) | Actor::Staff(id) => Some(id),
        Actor::System | Actor::Anonymous => None,
    }
}

/// The entries of one change, in order.
pub async fn entries_of_change(
    db: &impl sea_orm::ConnectionTrait,
    change_id: Uuid,
) -> Result<Vec<ledger::Model>, DbErr> {
    ledger::Entity::find()
        .filter(ledger::Column::ChangeId.eq(change_id))
        .order_by_asc(ledger::Column::Seq)
        .all(db)
        .await
}

/// A person's ledger, newest first.
pub async fn history(
    db: &impl sea_orm::ConnectionTrait,
    person_id: Uuid,
    limit: u64,
) -> Result<Vec<ledger::Model>, DbErr> {
    ledger::Entity::find()
        .filter(ledger::Column::PersonId.eq(person_id))
        .order_by_desc(ledger::Column::Seq)
        .limit(limit)
        .all(db)
        .await
}
