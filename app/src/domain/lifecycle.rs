//! Where a person stands as a customer. On the server it is also the `people.lifecycle`
//! column's type (a sea-orm active enum stored as text), so a row holds one of these or does
//! not load.

use serde::{Deserialize, Serialize};

/// Where a person stands as a customer: it decides how long marketing data may be kept and
/// whether service notices can be switched off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
#[serde(rename_all = "lowercase")]
pub enum Lifecycle {
    /// A potential customer (until `prospect_until`, if set).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "prospect"))]
    Prospect,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "customer"))]
    Customer,
    /// Was a customer or prospect, is no longer.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "former"))]
    Former,
}

impl Lifecycle {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Prospect => "prospect",
            Self::Customer => "customer",
            Self::Former => "former",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Prospect, Self::Customer, Self::Former]
            .into_iter()
            .find(|l| l.as_str() == raw)
    }
}
