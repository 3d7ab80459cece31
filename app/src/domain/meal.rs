//! Meal preferences for events.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MealPreference {
    NoPreference,
    Vegetarian,
    Vegan,
    Pescatarian,
    Halal,
    Kosher,
    GlutenFree,
}

impl MealPreference {
    pub const ALL: [MealPreference; 7] = [
        Self::NoPreference,
        Self::Vegetarian,
        Self::Vegan,
        Self::Pescatarian,
        Self::Halal,
        Self::Kosher,
        Self::GlutenFree,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoPreference => "no-preference",
            Self::Vegetarian => "vegetarian",
            Self::Vegan => "vegan",
            Self::Pescatarian => "pescatarian",
            Self::Halal => "halal",
            Self::Kosher => "kosher",
            Self::GlutenFree => "gluten-free",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == raw)
    }
}
