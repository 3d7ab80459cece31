//! The admin view for support staff: staff sign-in with a second factor (TOTP and recovery
//! codes), and finding people. Every check is on the server; roles come from
//! `staff::StaffRole`.

pub mod act_api;
pub mod act_pages;
pub mod api;
pub mod charts;
pub mod manage_api;
pub mod manage_pages;
pub mod pages;
pub mod routes;
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
    /// Support and admin act on the person's behalf; auditors only read.
    pub may_act: bool,
}

/// The categories of data a partner disclosure can name, by key.
pub const DISCLOSURE_CATEGORIES: [&str; 4] = ["contact", "phone", "address", "company"];

/// What staff can do on a person's behalf, one page per action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    Consents,
    Details,
    Reset,
    Sessions,
    Links,
    Identity,
    Restriction,
    Erase,
    Disclose,
    Request,
    Export,
}

impl Action {
    pub const ALL: [Action; 11] = [
        Self::Consents,
        Self::Details,
        Self::Reset,
        Self::Sessions,
        Self::Links,
        Self::Identity,
        Self::Restriction,
        Self::Erase,
        Self::Disclose,
        Self::Request,
        Self::Export,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consents => "consents",
            Self::Details => "details",
            Self::Reset => "reset",
            Self::Sessions => "sessions",
            Self::Links => "links",
            Self::Identity => "identity",
            Self::Restriction => "restriction",
            Self::Erase => "erase",
            Self::Disclose => "disclose",
            Self::Request => "request",
            Self::Export => "export",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == raw)
    }
}

/// One action's page: the person, and what its form needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminAct {
    pub id: String,
    pub name: String,
    pub action: Action,
    pub topics: Vec<crate::consents::model::TopicChoice>,
    pub details: crate::account::views::DetailsForm,
    pub restricted: bool,
    /// Partners to pick from, as (id, name).
    pub partners: Vec<(String, String)>,
    /// Whether the person granted "contact from partners".
    pub partner_consent: bool,
    /// Whether the person confirmed a verification e-mail recently enough to vouch for them.
    pub identity_confirmed: bool,
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

/// One day of the opt-in/opt-out chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    /// YYYY-MM-DD (UTC).
    pub day: String,
    pub opt_in: i64,
    pub opt_out: i64,
}

/// The dashboard: consents held per topic, changes per day, requests due this week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// (topic title, people who granted it).
    pub topics: Vec<(String, i64)>,
    pub days: Vec<DayCount>,
    pub due: Vec<QueueLine>,
}

/// A staff member on the management page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffLine {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub enrolled: bool,
    pub disabled: bool,
    pub is_me: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerLine {
    pub id: String,
    pub name: String,
    pub retired: bool,
}

/// A topic as it stands (its latest version).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicLine {
    pub key: String,
    pub title: String,
    pub version: i32,
    pub wording: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyLine {
    pub version: i32,
    pub effective: String,
    pub material: bool,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyLine {
    pub id: String,
    pub name: String,
    pub prefix: String,
    pub scopes: String,
    pub created: String,
    pub last_used: Option<String>,
    pub revoked: bool,
}

/// A secret shown once, right after it was made: a staff set-up link or an API key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownOnce {
    pub label: String,
    pub value: String,
}

/// The admins' management page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManageView {
    pub staff: Vec<StaffLine>,
    pub partners: Vec<PartnerLine>,
    pub topics: Vec<TopicLine>,
    pub policies: Vec<PolicyLine>,
    pub keys: Vec<KeyLine>,
    pub webhooks: Vec<WebhookLine>,
    pub shown_once: Option<ShownOnce>,
}

/// A webhook on the management page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookLine {
    pub id: String,
    pub url: String,
    pub created: String,
    pub paused: bool,
    /// Made before webhooks had secrets of their own: nothing is sent until it is rotated.
    pub needs_secret: bool,
    /// Changes not yet delivered.
    pub waiting: u64,
    pub failures: i32,
    pub last_error: Option<String>,
}

/// What an admin does to a webhook.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WebhookOp {
    Pause,
    Resume,
    Delete,
    Rotate,
}

impl WebhookOp {
    pub const ALL: [WebhookOp; 4] = [Self::Pause, Self::Resume, Self::Delete, Self::Rotate];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pause => "pause",
            Self::Resume => "resume",
            Self::Delete => "delete",
            Self::Rotate => "rotate",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.as_str() == raw)
    }

    /// The audit log's name for it.
    pub fn action(self) -> &'static str {
        match self {
            Self::Pause => "admin.webhook_paused",
            Self::Resume => "admin.webhook_resumed",
            Self::Delete => "admin.webhook_deleted",
            Self::Rotate => "admin.webhook_secret_rotated",
        }
    }
}
