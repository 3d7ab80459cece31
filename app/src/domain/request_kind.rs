//! What a rights request asks for (GDPR Art. 15–21); on the server also the
//! `rights_requests.kind` column's type (a sea-orm active enum stored as text).

use serde::{Deserialize, Serialize};

use crate::i18n::{Locale, tr};

/// What a rights request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
#[serde(rename_all = "lowercase")]
pub enum RequestKind {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "access"))]
    Access,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "rectification"))]
    Rectification,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "erasure"))]
    Erasure,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "restriction"))]
    Restriction,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "objection"))]
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

    /// How pages and mail name the request ("a copy of your data"), in `locale`.
    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            Self::Access => tr!(locale, common.request_access),
            Self::Rectification => tr!(locale, common.request_rectification),
            Self::Erasure => tr!(locale, common.request_erasure),
            Self::Restriction => tr!(locale, common.request_restriction),
            Self::Objection => tr!(locale, common.request_objection),
        }
    }
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
