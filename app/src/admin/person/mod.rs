//! A person's record as staff see it, opened only with a reason that goes on the record.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use serde::{Deserialize, Serialize};

/// An e-mail in a person's record: kind, subject, delivery; never a body or a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailLine {
    pub kind: String,
    pub subject: Option<String>,
    pub status: String,
    pub attempts: i32,
    pub queued: String,
    pub sent: Option<String>,
}

/// One audit event in a person's record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrailLine {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub reason: Option<String>,
}

/// A person's record as staff see it, once opened with a reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminPerson {
    pub id: String,
    pub data: Box<crate::account::views::MyData>,
    pub history: Vec<crate::consents::model::HistoryEntry>,
    pub emails: Vec<EmailLine>,
    pub trail: Vec<TrailLine>,
    /// Support and admin act on the person's behalf; auditors only read.
    pub may_act: bool,
}
