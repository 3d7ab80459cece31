//! E-mail addresses in one canonical form, used for every comparison in the product.
//!
//! The rule, applied by [`EmailAddress::parse`]:
//! 1. surrounding whitespace is removed;
//! 2. the text is put in Unicode normalisation form C (NFC), so the same visible address typed
//!    on two keyboards is the same string;
//! 3. the domain is converted by IDNA (UTS #46) to its ASCII form (`xn--…` for international
//!    domains), which also lower-cases it;
//! 4. the local part (before `@`) is lower-cased too. RFC 5321 lets a server treat `Ada` and
//!    `ada` as different mailboxes, but no mainstream provider does, and treating them as two
//!    people would let one person hold two accounts and miss their own withdrawals.
//!
//! Shape checks: one `@`, a local part of 1–64 characters without spaces or quotes, a domain
//! with at least one dot and valid labels, at most 254 characters in all.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::has_forbidden_characters;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("empty")]
    Empty,
    #[error("too long")]
    TooLong,
    #[error("not an e-mail address")]
    Invalid,
}

const MAX_LENGTH: usize = 254;
const MAX_LOCAL_LENGTH: usize = 64;

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.chars().count() > MAX_LENGTH {
            return Err(EmailError::TooLong);
        }
        if has_forbidden_characters(trimmed) {
            return Err(EmailError::Invalid);
        }
        let normalised: String = trimmed.nfc().collect();
        let (local, domain) = normalised.rsplit_once('@').ok_or(EmailError::Invalid)?;
        // The limits apply to the canonical form: lower-casing can lengthen text ('İ' becomes
        // 'i' and a combining dot), and what is stored must parse again as itself.
        let local: String = local.to_lowercase().nfc().collect();
        if local.is_empty()
            || local.chars().count() > MAX_LOCAL_LENGTH
            || local.contains([
                '@', ' ', '"', '(', ')', ',', ':', ';', '<', '>', '[', ']', '\\',
            ])
            || local.starts_with('.')
            || local.ends_with('.')
            || local.contains("..")
        {
            return Err(EmailError::Invalid);
        }
        let domain = canonical_domain(domain)?;
        let canonical = format!("{local}@{domain}");
        if canonical.len() > MAX_LENGTH {
            return Err(EmailError::TooLong);
        }
        Ok(Self(canonical))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `a•••@example.com`: enough for a person to recognise their address on a page reached
    /// by a link, too little for whoever the link was forwarded to.
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.rsplit_once('@').unwrap_or((&self.0, ""));
        let first: String = local.chars().take(1).collect();
        format!("{first}•••@{domain}")
    }

    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or_default()
    }
}

fn canonical_domain(domain: &str) -> Result<String, EmailError> {
    let ascii = idna::domain_to_ascii(domain).map_err(|_| EmailError::Invalid)?;
    let labels: Vec<&str> = ascii.split('.').collect();
    let valid = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()));
    if valid {
        Ok(ascii)
    } else {
        Err(EmailError::Invalid)
    }
}

impl std::fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_trimmed_and_lower_cased() {
        assert_eq!(
            EmailAddress::parse("  Ada.Lindqvist@Example.COM \n")
                .unwrap()
                .as_str(),
            "ada.lindqvist@example.com"
        );
    }

    #[test]
    fn the_same_address_typed_in_two_unicode_forms_is_one_address() {
        let composed = EmailAddress::parse("jos\u{e9}@example.com").unwrap();
        let decomposed = EmailAddress::parse("jose\u{301}@example.com").unwrap();
        assert_eq!(composed, decomposed);
    }

    #[test]
    fn an_international_domain_is_kept_in_its_ascii_form() {
        assert_eq!(
            EmailAddress::parse("anna@Bücher.example").unwrap().as_str(),
            "anna@xn--bcher-kva.example"
        );
    }

    #[test]
    fn plus_addressing_is_kept_as_a_distinct_mailbox() {
        assert_eq!(
            EmailAddress::parse("ada+news@example.com")
                .unwrap()
                .as_str(),
            "ada+news@example.com"
        );
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for raw in [
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "ada@@example.com",
            "a da@example.com",
            "ada@exa mple.com",
            ".ada@example.com",
            "ada.@example.com",
            "a..da@example.com",
            "ada@-example.com",
            "ada@example..com",
            "ada@127.0.0.1",
            "ada\u{0}@example.com",
            "ada@example.com\u{202E}",
            "\"ada\"@example.com",
        ] {
            assert_eq!(
                EmailAddress::parse(raw),
                Err(EmailError::Invalid),
                "{raw:?}"
            );
        }
        assert_eq!(EmailAddress::parse("   "), Err(EmailError::Empty));
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(EmailAddress::parse(&long), Err(EmailError::TooLong));
        let long_local = format!("{}@example.com", "a".repeat(65));
        assert_eq!(EmailAddress::parse(&long_local), Err(EmailError::Invalid));
    }

    #[test]
    fn an_accepted_address_parses_again_as_itself() {
        // Lower-casing can lengthen text ('İ' becomes 'i' and a combining dot), so the
        // length limits apply to the canonical form, or a stored address could fail to parse.
        for raw in [
            format!("{}@example.com", "\u{130}".repeat(64)),
            format!("{}@example.com", "\u{130}".repeat(40)),
            "JOSE\u{301}@Example.com".to_owned(),
        ] {
            if let Ok(address) = EmailAddress::parse(&raw) {
                assert_eq!(EmailAddress::parse(address.as_str()), Ok(address), "{raw:?}");
            }
        }
    }

    #[test]
    fn a_masked_address_shows_only_the_first_letter_and_the_domain() {
        assert_eq!(
            EmailAddress::parse("jonas.berg@example.net")
                .unwrap()
                .masked(),
            "j•••@example.net"
        );
    }

    #[test]
    fn deserialising_validates() {
        assert!(serde_json::from_str::<EmailAddress>("\"not-an-address\"").is_err());
        let parsed: EmailAddress = serde_json::from_str("\"Ada@Example.com\"").unwrap();
        assert_eq!(parsed.as_str(), "ada@example.com");
    }
}
