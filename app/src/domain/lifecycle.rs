//! Where a person stands as a customer.


use serde::{Deserialize, Serialize};

/// Where a person stands as a customer: it decides how long marketing data may be kept and
/// whether service notices can be switched off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lifecycle {
    /// A potential customer (until `prospect_until`, if set).
    Prospect,
    Customer,
    /// Was a customer or prospect, is no longer.
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
