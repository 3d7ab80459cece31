//! Support staff roles; on the server also the `staff.role` column's type (a sea-orm active
//! enum stored as text).


use serde::{Deserialize, Serialize};

use crate::i18n::{Locale, tr};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum StaffRole {
    /// Finds people, views their data, acts on their behalf, works rights requests.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "support"))]
    Support,
    /// Everything support does, plus staff, topics, policy versions, partners and API keys.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "admin"))]
    Admin,
    /// Reads everything, including the audit log, and changes nothing.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "auditor"))]
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

    /// The role as staff pages name it, in `locale`.
    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            Self::Support => tr!(locale, admin.role_support),
            Self::Admin => tr!(locale, admin.role_admin),
            Self::Auditor => tr!(locale, admin.role_auditor),
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
