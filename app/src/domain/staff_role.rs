//! Support staff roles.


use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StaffRole {
    /// Finds people, views their data, acts on their behalf, works rights requests.
    Support,
    /// Everything support does, plus staff, topics, policy versions, partners and API keys.
    Admin,
    /// Reads everything, including the audit log, and changes nothing.
    Auditor,
}

impl StaffRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Support => "support",
            Self::Admin => "admin",
            Self::Auditor => "auditor",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "support" => Some(Self::Support),
            "admin" => Some(Self::Admin),
            "auditor" => Some(Self::Auditor),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_survives_a_round_trip_through_its_stored_name() {
        for role in [StaffRole::Support, StaffRole::Admin, StaffRole::Auditor] {
            assert_eq!(StaffRole::parse(role.as_str()), Some(role));
        }
        assert_eq!(StaffRole::parse("root"), None);
    }
}
