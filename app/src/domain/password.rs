//! Password rules (NIST SP 800-63B, OWASP ASVS 6.2): at least 8 characters, up to 1,024 (long
//! passphrases welcome, nothing truncated), no composition rules, and none of the 3,000 most
//! common passwords (`auth/common-passwords.txt`, the top of the NCSC list of passwords seen in
//! breaches). The text is NFKC-normalised first, so the same passphrase typed on another
//! device still matches.

use std::collections::HashSet;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

/// A password that passed the rules. Never serialised, never logged.
pub struct NewPassword(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("too short")]
    TooShort,
    #[error("too long")]
    TooLong,
    #[error("too common")]
    TooCommon,
}

pub const MIN_PASSWORD_LENGTH: usize = 8;
pub const MAX_PASSWORD_LENGTH: usize = 1024;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../auth/common-passwords.txt")
        .lines()
        .collect()
});

/// The form every password is hashed and compared in.
pub fn normalise_password(raw: &str) -> String {
    raw.nfkc().collect()
}

impl NewPassword {
    pub fn parse(raw: &str) -> Result<Self, PasswordError> {
        let normalised = normalise_password(raw);
        let length = normalised.chars().count();
        if length < MIN_PASSWORD_LENGTH {
            return Err(PasswordError::TooShort);
        }
        if length > MAX_PASSWORD_LENGTH {
            return Err(PasswordError::TooLong);
        }
        if COMMON.contains(normalised.to_lowercase().as_str()) {
            return Err(PasswordError::TooCommon);
        }
        Ok(Self(normalised))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_holds_three_thousand_passwords() {
        assert_eq!(COMMON.len(), 3000);
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for raw in ["password", "PASSWORD", "12345678", "qwerty123", "iloveyou"] {
            assert_eq!(
                NewPassword::parse(raw).err(),
                Some(PasswordError::TooCommon),
                "{raw}"
            );
        }
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert_eq!(
            NewPassword::parse("ÅÄÖåäö1").err(),
            Some(PasswordError::TooShort)
        );
        assert!(NewPassword::parse("ÅÄÖåäö12").is_ok());
    }

    #[test]
    fn long_passphrases_are_accepted_whole() {
        let phrase = "correct horse battery staple ".repeat(30);
        assert_eq!(NewPassword::parse(&phrase).unwrap().expose(), phrase);
        assert_eq!(
            NewPassword::parse(&"x".repeat(1025)).err(),
            Some(PasswordError::TooLong)
        );
    }

    #[test]
    fn no_composition_rules() {
        assert!(NewPassword::parse("all lower case words here").is_ok());
    }
}
