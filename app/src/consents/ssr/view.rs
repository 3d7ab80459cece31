//! The consents page's data: every topic with the person's state, and their history.

use sea_orm::DbErr;

use super::ledger::{current_topics, history, states_of};
use crate::i18n::format::shown;
use crate::consents::model::{ConsentState, ConsentsView, HistoryEntry, TopicChoice};
use crate::store::people;
use crate::platform::context::AppContext;

const HISTORY_SHOWN: u64 = 200;

/// The page's data for `person` (the row the caller already holds: it is not read again).
pub async fn load(ctx: &AppContext, person: &people::Model) -> Result<ConsentsView, DbErr> {
    let person_id = person.id;
    let topics = current_topics(&ctx.db).await?;
    let states = states_of(&ctx.db, person_id).await?;
    let title_of = |key: &str| {
        topics
            .iter()
            .find(|t| t.key == key)
            .map(|t| t.title.clone())
            .unwrap_or_else(|| key.to_owned())
    };
    let history = history(&ctx.db, person_id, HISTORY_SHOWN)
        .await?
        .into_iter()
        .map(|entry| HistoryEntry {
            at: shown(entry.occurred_at),
            topic: title_of(&entry.topic_key),
            state: entry.state,
            source: entry.source.label(crate::i18n::current_locale()).to_owned(),
            reason: entry.reason,
            wording: entry.wording,
            topic_version: entry.topic_version,
            policy_version: entry.policy_version,
        })
        .collect();
    let choices = topics
        .iter()
        .map(|topic| {
            let locked = topic.service_notices && person.active_contract;
            let state = states
                .get(&topic.key)
                .map_or(ConsentState::Withdrawn, |s| s.state);
            TopicChoice {
                key: topic.key.clone(),
                title: topic.title.clone(),
                wording: topic.wording.clone(),
                channel: topic.channel.clone(),
                state: if locked { ConsentState::Granted } else { state },
                locked,
            }
        })
        .collect();
    Ok(ConsentsView {
        topics: choices,
        history,
        active_contract: person.active_contract,
    })
}
