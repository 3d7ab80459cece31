//! A person's name as they write it: any script, 1–200 characters, no control characters.
//! No assumptions about first/last names or capitalisation.

use serde::{Deserialize, Serialize};

use super::has_forbidden_characters;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("empty")]
    Empty,
    #[error("too long")]
    TooLong,
    #[error("contains characters that are not allowed")]
    Forbidden,
}

pub const MAX_NAME_LENGTH: usize = 200;

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, NameError> {
        let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            return Err(NameError::Empty);
        }
        if collapsed.chars().count() > MAX_NAME_LENGTH {
            return Err(NameError::TooLong);
        }
        if has_forbidden_characters(&collapsed) {
            return Err(NameError::Forbidden);
        }
        Ok(Self(collapsed))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PersonName {
    type Error = NameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PersonName> for String {
    fn from(value: PersonName) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_script_are_kept_as_written() {
        for name in [
            "Ada Lindqvist",
            "Søren Kierkegaard",
            "李小龍",
            "María-José O'Neil",
            "N",
        ] {
            assert_eq!(PersonName::parse(name).unwrap().as_str(), name);
        }
    }

    #[test]
    fn runs_of_whitespace_collapse() {
        assert_eq!(
            PersonName::parse("  Ada \t  Lindqvist ").unwrap().as_str(),
            "Ada Lindqvist"
        );
    }

    #[test]
    fn empty_long_and_control_characters_are_refused() {
        assert_eq!(PersonName::parse("   "), Err(NameError::Empty));
        assert_eq!(PersonName::parse(&"a".repeat(201)), Err(NameError::TooLong));
        assert_eq!(PersonName::parse("Ada\u{7}"), Err(NameError::Forbidden));
        assert_eq!(PersonName::parse("Ada\u{202E}"), Err(NameError::Forbidden));
    }
}
