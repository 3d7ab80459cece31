//! The person's rights beyond their details and consents: a copy of their data (Art. 15/20),
//! restriction of processing (Art. 18/21), erasure (Art. 17), and the record of every rights
//! request with its deadline. Retention purges live here too: they are the same machinery run
//! by a clock instead of a person.

pub mod api;
pub mod pages;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod ssr;

use serde::{Deserialize, Serialize};

/// What a rights request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RequestKind {
    Access,
    Rectification,
    Erasure,
    Restriction,
    Objection,
}

impl RequestKind {
    pub const ALL: [RequestKind; 5] = [
        Self::Access,
        Self::Rectification,
        Self::Erasure,
        Self::Restriction,
        Self::Objection,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Access => "access",
            Self::Rectification => "rectification",
            Self::Erasure => "erasure",
            Self::Restriction => "restriction",
            Self::Objection => "objection",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    /// How the pages and e-mails name it.
    pub fn describe(self) -> &'static str {
        let text = crate::i18n::t();
        match self {
            Self::Access => text.request_access,
            Self::Rectification => text.request_rectification,
            Self::Erasure => text.request_erasure,
            Self::Restriction => text.request_restriction,
            Self::Objection => text.request_objection,
        }
    }
}

/// One rights request as the person sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub kind: String,
    pub received: String,
    pub due: String,
    pub status: String,
    pub outcome: Option<String>,
}

/// The "Your rights" page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RightsView {
    pub restricted_since: Option<String>,
    pub has_password: bool,
    pub recently_signed_in: bool,
    pub requests: Vec<RequestView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_request_kind_survives_a_round_trip_through_its_stored_name() {
        for kind in RequestKind::ALL {
            assert_eq!(RequestKind::parse(kind.as_str()), Some(kind));
        }
    }
}
