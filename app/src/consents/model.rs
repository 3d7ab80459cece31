//! Consent states, sources, and the views the pages show.

use serde::{Deserialize, Serialize};

// The state and source are column types as well (`consent_states`, `consent_ledger`), so they
// live on the domain floor, below the store.
pub use crate::domain::consent::{ConsentState, Source};

/// One topic on the consents page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicChoice {
    pub key: String,
    pub title: String,
    pub wording: String,
    pub channel: String,
    pub state: ConsentState,
    /// Service notices while a contract is active: shown on, cannot be switched off.
    pub locked: bool,
}

/// One entry of a person's consent history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: String,
    pub topic: String,
    pub state: ConsentState,
    pub source: String,
    /// Why staff made the change (only staff changes carry one).
    pub reason: Option<String>,
    pub wording: String,
    pub topic_version: i32,
    pub policy_version: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentsView {
    pub topics: Vec<TopicChoice>,
    pub history: Vec<HistoryEntry>,
    pub active_contract: bool,
}
