//! Rights requests worked against their deadlines: the queue and one request's page.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use serde::{Deserialize, Serialize};

/// An open rights request in the queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueLine {
    pub id: String,
    pub person_id: String,
    /// The person's name (or address): enough to know who, nothing more; `None` until this
    /// staff member opens the person's record.
    pub person: Option<String>,
    pub kind: String,
    pub received: String,
    pub due: String,
    pub overdue: bool,
    pub extended: bool,
    /// An extension is still possible: never extended, and within its first month.
    pub extendable: bool,
}

/// The queue page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    pub requests: Vec<QueueLine>,
    pub may_work: bool,
}

/// One open request's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestWork {
    pub line: QueueLine,
    pub extension_reason: Option<String>,
}
