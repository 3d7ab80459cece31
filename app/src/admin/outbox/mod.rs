//! Mail that could not be delivered, and sending it again.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use serde::{Deserialize, Serialize};

/// A message that failed, died or was withheld, as the outbox view lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemMail {
    pub id: String,
    pub kind: String,
    pub recipient: String,
    pub subject: Option<String>,
    pub status: String,
    pub attempts: i32,
    pub error: Option<String>,
    pub queued: String,
    pub retryable: bool,
}

/// The outbox view: its rows, and whether this staff member may retry them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxView {
    pub mails: Vec<ProblemMail>,
    pub may_retry: bool,
}
