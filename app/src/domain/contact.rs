//! Contact details: phone number, postal address, company and job title, language and
//! preferred channel. Each parses from what a person typed into a value the rest of the code
//! can rely on.

use serde::{Deserialize, Serialize};

use super::has_forbidden_characters;

/// A phone number in E.164 form (`+4512345678`). Parsing and validation use libphonenumber's
/// rules and metadata (the `phonenumber` crate) on the server only: its metadata would weigh
/// down the WebAssembly client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneNumber(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("not a phone number")]
    Invalid,
    #[error("needs a country")]
    NeedsCountry,
}

impl PhoneNumber {
    /// Parses `raw`, reading a number without `+` as one of `country` (ISO 3166 alpha-2).
    #[cfg(feature = "ssr")]
    pub fn parse(raw: &str, country: Option<&Country>) -> Result<Self, PhoneError> {
        use phonenumber::{Mode, country::Id};
        let raw = raw.trim();
        if raw.is_empty() || raw.chars().count() > 40 || has_forbidden_characters(raw) {
            return Err(PhoneError::Invalid);
        }
        let region = country.and_then(|c| c.code().parse::<Id>().ok());
        if region.is_none() && !raw.starts_with('+') && !raw.starts_with("00") {
            return Err(PhoneError::NeedsCountry);
        }
        // "00" is the international prefix in most of the world; read it as "+".
        let international = raw.strip_prefix("00").map(|rest| format!("+{rest}"));
        let number = phonenumber::parse(region, international.as_deref().unwrap_or(raw))
            .map_err(|_| PhoneError::Invalid)?;
        if !phonenumber::is_valid(&number) {
            return Err(PhoneError::Invalid);
        }
        Ok(Self(number.format().mode(Mode::E164).to_string()))
    }

    /// A number already stored (and so already valid).
    pub fn stored(e164: String) -> Self {
        Self(e164)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `+45 12 34 56 78`: the international form people read.
    #[cfg(feature = "ssr")]
    pub fn display(&self) -> String {
        phonenumber::parse(None, &self.0)
            .map(|n| {
                n.format()
                    .mode(phonenumber::Mode::International)
                    .to_string()
            })
            .unwrap_or_else(|_| self.0.clone())
    }
}

/// A country by its ISO 3166-1 alpha-2 code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country(String);

impl Country {
    #[cfg(feature = "ssr")]
    pub fn parse(raw: &str) -> Option<Self> {
        isocountry::CountryCode::for_alpha2_caseless(raw.trim())
            .ok()
            .map(|c| Self(c.alpha2().to_owned()))
    }

    pub fn code(&self) -> &str {
        &self.0
    }

    /// The country's name in `locale`.
    #[cfg(feature = "ssr")]
    pub fn name(&self, locale: crate::i18n::Locale) -> &'static str {
        crate::i18n::countries::name(locale, &self.0).unwrap_or("")
    }

    /// Every country, by name in `locale`, for the address form.
    #[cfg(feature = "ssr")]
    pub fn all(locale: crate::i18n::Locale) -> Vec<(&'static str, &'static str)> {
        crate::i18n::countries::all(locale)
    }
}

/// A free-text detail such as a company or job title: trimmed, at most `max` characters, no
/// control characters; empty means "not given".
pub fn optional_text(raw: &str, max: usize) -> Result<Option<String>, TextError> {
    let trimmed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().count() > max {
        return Err(TextError::TooLong(max));
    }
    if has_forbidden_characters(&trimmed) {
        return Err(TextError::Forbidden);
    }
    Ok(Some(trimmed))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("longer than {0} characters")]
    TooLong(usize),
    #[error("contains characters that are not allowed")]
    Forbidden,
}

/// A postal address in any country's format: street lines as written, a postal code (absent
/// in some countries), a city and a country.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostalAddress {
    pub street: String,
    pub postal_code: Option<String>,
    pub city: String,
    pub country: Country,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressField {
    Street,
    PostalCode,
    City,
    Country,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressError {
    Missing(AddressField),
    Invalid(AddressField),
}

impl PostalAddress {
    /// All parts empty: no address. Otherwise street, city and country are needed.
    #[cfg(feature = "ssr")]
    pub fn parse(
        street: &str,
        postal_code: &str,
        city: &str,
        country: &str,
    ) -> Result<Option<Self>, Vec<AddressError>> {
        use AddressField::*;
        if [street, postal_code, city, country]
            .iter()
            .all(|part| part.trim().is_empty())
        {
            return Ok(None);
        }
        let mut errors = Vec::new();
        let mut part = |raw: &str, field, max, required: bool| match optional_text(raw, max) {
            Ok(Some(text)) => Some(text),
            Ok(None) => {
                if required {
                    errors.push(AddressError::Missing(field));
                }
                None
            }
            Err(_) => {
                errors.push(AddressError::Invalid(field));
                None
            }
        };
        let street = part(street, Street, 200, true);
        let postal_code = part(postal_code, PostalCode, 20, false);
        let city = part(city, City, 100, true);
        if postal_code.as_deref().is_some_and(|code| {
            !code
                .chars()
                .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
        }) {
            errors.push(AddressError::Invalid(PostalCode));
        }
        let country = if country.trim().is_empty() {
            errors.push(AddressError::Missing(Country));
            None
        } else {
            let parsed = self::Country::parse(country);
            if parsed.is_none() {
                errors.push(AddressError::Invalid(Country));
            }
            parsed
        };
        match (street, city, country) {
            (Some(street), Some(city), Some(country)) if errors.is_empty() => Ok(Some(Self {
                street,
                postal_code,
                city,
                country,
            })),
            _ => Err(errors),
        }
    }
}

/// The languages communications can be in.
pub const LANGUAGES: [(&str, &str); 10] = [
    ("en", "English"),
    ("da", "Dansk"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("nl", "Nederlands"),
    ("nb", "Norsk"),
    ("pl", "Polski"),
    ("sv", "Svenska"),
];

pub fn language(raw: &str) -> Option<&'static str> {
    LANGUAGES
        .iter()
        .find(|(code, _)| *code == raw)
        .map(|(code, _)| *code)
}

/// How a person prefers to be contacted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContactChannel {
    Email,
    Phone,
    Post,
}

impl ContactChannel {
    pub const ALL: [ContactChannel; 3] = [Self::Email, Self::Phone, Self::Post];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Post => "post",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == raw)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn dk() -> Country {
        Country::parse("dk").unwrap()
    }

    #[test]
    fn phone_numbers_are_stored_in_e164() {
        assert_eq!(
            PhoneNumber::parse("+45 32 12 34 56", None)
                .unwrap()
                .as_str(),
            "+4532123456"
        );
        assert_eq!(
            PhoneNumber::parse("32 12 34 56", Some(&dk()))
                .unwrap()
                .as_str(),
            "+4532123456"
        );
        assert_eq!(
            PhoneNumber::stored("+4532123456".into()).display(),
            "+45 32 12 34 56"
        );
        assert_eq!(
            PhoneNumber::parse("0044 20 7946 0958", None)
                .unwrap()
                .as_str(),
            "+442079460958"
        );
        assert_eq!(
            PhoneNumber::parse("(020) 7946 0958", Country::parse("GB").as_ref())
                .unwrap()
                .as_str(),
            "+442079460958"
        );
    }

    #[test]
    fn impossible_numbers_are_refused() {
        assert_eq!(
            PhoneNumber::parse("+45 123", None),
            Err(PhoneError::Invalid)
        );
        assert_eq!(
            PhoneNumber::parse("not a number", Some(&dk())),
            Err(PhoneError::Invalid)
        );
        assert_eq!(
            PhoneNumber::parse("12345678", None),
            Err(PhoneError::NeedsCountry)
        );
        assert_eq!(
            PhoneNumber::parse("+45 12\u{0}34 56 78", None),
            Err(PhoneError::Invalid)
        );
    }

    #[test]
    fn an_international_address_is_accepted_as_written() {
        let address = PostalAddress::parse("Banemarksvej 50 C", "2605", "Brøndby", "DK")
            .unwrap()
            .unwrap();
        assert_eq!(address.country.name(crate::i18n::Locale::en), "Denmark");
        let no_postal_code = PostalAddress::parse("12 Harbour Road", "", "Dublin", "IE")
            .unwrap()
            .unwrap();
        assert_eq!(no_postal_code.postal_code, None);
        let uk = PostalAddress::parse("10 Downing Street", "SW1A 2AA", "London", "gb")
            .unwrap()
            .unwrap();
        assert_eq!(uk.country.code(), "GB");
    }

    #[test]
    fn an_empty_address_is_no_address_and_a_partial_one_says_what_is_missing() {
        assert_eq!(PostalAddress::parse(" ", "", "", ""), Ok(None));
        let errors = PostalAddress::parse("Main Street 1", "", "", "XX").unwrap_err();
        assert!(errors.contains(&AddressError::Missing(AddressField::City)));
        assert!(errors.contains(&AddressError::Invalid(AddressField::Country)));
    }
}
