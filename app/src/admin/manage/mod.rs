//! Administration: staff, partners, topics, policy versions, API keys and webhooks.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod partners;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod staff_api;
#[cfg(feature = "ssr")]
mod support;
#[cfg(feature = "ssr")]
pub mod webhooks;

use serde::{Deserialize, Serialize};

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
