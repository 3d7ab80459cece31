//! Acting on a person's behalf: each action with its reason and, where it matters, an
//! identity check, recorded as the staff member's.

pub mod api;
pub mod pages;
pub mod rights_api;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
mod support;

use serde::{Deserialize, Serialize};

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
