//! The admin view for support staff: staff sign-in with a second factor (TOTP and recovery
//! codes), and finding people. Every check is on the server; roles come from
//! `staff::StaffRole`.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use serde::{Deserialize, Serialize};

/// The set-up page of a staff member's link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupView {
    pub token: String,
    pub email: String,
    pub secret: String,
    pub uri: String,
}

/// One person in the search results: enough to pick the right one, nothing more.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    pub id: String,
    pub name: Option<String>,
    pub email: String,
    pub city: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub page: u64,
    pub people: Vec<Found>,
    /// Links to the neighbouring pages of results, when there are any.
    pub next: Option<String>,
    pub previous: Option<String>,
}

/// The admin home: who is signed in, and the search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminHome {
    pub staff_name: String,
    pub role: String,
    pub results: SearchResults,
}

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
}

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

/// The audit-log viewer's filters, as typed (empty means "any").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub action: String,
    pub actor: String,
    pub person: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub at: String,
    pub actor: String,
    pub person: Option<String>,
    pub action: String,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub filter: AuditFilter,
    pub lines: Vec<AuditLine>,
    pub next: Option<String>,
    pub previous: Option<String>,
}
