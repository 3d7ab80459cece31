//! Refused values name their own field: each domain error says which form field it is about
//! and what to tell the person, so a form refuses a value with one call
//! ([`FormState::refuse_value`](super::FormState::refuse_value)) and every form that takes an
//! e-mail address, a name, a password, a phone number or an address says the same thing.

use crate::domain::{
    EmailError, NameError, PasswordError,
    contact::{AddressError, AddressField, PhoneError, TextError},
};
use crate::i18n::{current_locale, tr};

/// A value a form refused: the field it came from and the message shown next to it.
pub trait FieldError {
    fn field(&self) -> &'static str;
    fn message(&self) -> &'static str;
}

impl FieldError for EmailError {
    fn field(&self) -> &'static str {
        "email"
    }

    fn message(&self) -> &'static str {
        let locale = current_locale();
        match self {
            Self::Empty => tr!(locale, common.email_empty),
            Self::TooLong => tr!(locale, common.email_too_long),
            Self::Invalid => tr!(locale, common.email_invalid),
        }
    }
}

impl FieldError for NameError {
    fn field(&self) -> &'static str {
        "name"
    }

    fn message(&self) -> &'static str {
        let locale = current_locale();
        match self {
            Self::Empty => tr!(locale, common.name_empty),
            Self::TooLong => tr!(locale, common.name_too_long),
            Self::Forbidden => tr!(locale, common.name_forbidden),
        }
    }
}

/// A new password (the current one, where a form asks for it, is its own field).
impl FieldError for PasswordError {
    fn field(&self) -> &'static str {
        "password"
    }

    fn message(&self) -> &'static str {
        let locale = current_locale();
        match self {
            Self::TooShort => tr!(locale, common.password_too_short),
            Self::TooLong => tr!(locale, common.password_too_long),
            Self::TooCommon => tr!(locale, common.password_too_common),
        }
    }
}

impl FieldError for PhoneError {
    fn field(&self) -> &'static str {
        "phone"
    }

    fn message(&self) -> &'static str {
        let locale = current_locale();
        match self {
            Self::Invalid => tr!(locale, common.phone_invalid),
            Self::NeedsCountry => tr!(locale, common.phone_needs_country),
        }
    }
}

impl FieldError for AddressError {
    fn field(&self) -> &'static str {
        let (Self::Missing(field) | Self::Invalid(field)) = self;
        match field {
            AddressField::Street => "street",
            AddressField::PostalCode => "postal_code",
            AddressField::City => "city",
            AddressField::Country => "country",
        }
    }

    fn message(&self) -> &'static str {
        let locale = current_locale();
        match self {
            Self::Missing(AddressField::Street) => tr!(locale, common.street_missing),
            Self::Missing(AddressField::City) => tr!(locale, common.city_missing),
            Self::Missing(AddressField::Country) => tr!(locale, common.country_missing),
            Self::Invalid(AddressField::Country) => tr!(locale, common.country_invalid),
            Self::Missing(AddressField::PostalCode) | Self::Invalid(AddressField::PostalCode) => {
                tr!(locale, common.postal_code_invalid)
            }
            Self::Invalid(AddressField::Street | AddressField::City) => tr!(locale, common.text_invalid),
        }
    }
}

/// Free text (company, job title) is the same error in any field: the form names the field.
impl FieldError for (&'static str, TextError) {
    fn field(&self) -> &'static str {
        self.0
    }

    fn message(&self) -> &'static str {
        let locale = current_locale();
        match self.1 {
            TextError::TooLong(_) => tr!(locale, common.name_too_long),
            TextError::Forbidden => tr!(locale, common.text_invalid),
        }
    }
}
