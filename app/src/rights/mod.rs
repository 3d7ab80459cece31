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

/// What a rights request asks for; a column type too, so it lives on the domain floor.
pub use crate::domain::request_kind::RequestKind;


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
