//! The data controller this deployment serves.

use serde::{Deserialize, Serialize};

/// The organisation whose promises this deployment keeps: the data controller named in the
/// footer and on every page that explains a right. Configuration, not code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub name: String,
    pub postal_address: String,
    pub privacy_email: String,
    pub supervisory_authority: String,
    pub supervisory_authority_url: String,
}

impl Organisation {
    /// The demo organisation, as the 2018 policy names it.
    pub fn demo() -> Self {
        Self {
            name: "Milestone Systems A/S".into(),
            postal_address: "Banemarksvej 50 C, 2605 Brøndby, Denmark".into(),
            privacy_email: "privacy@milestonesys.com".into(),
            supervisory_authority: "Datatilsynet".into(),
            supervisory_authority_url: "https://www.datatilsynet.dk".into(),
        }
    }
}
