//! Domain types shared by client and server. Raw strings stop at the edge: a handler parses
//! input into one of these, whose inner value is private, and the rest of the code can rely on
//! it being valid. Parsing does no I/O.

pub mod consent;
pub mod contact;
pub mod email;
pub mod lifecycle;
pub mod meal;
pub mod name;
pub mod organisation;
pub mod password;
pub mod request_kind;
pub mod staff_role;

pub use email::{EmailAddress, EmailError};
pub use lifecycle::Lifecycle;
pub use name::{NameError, PersonName};
pub use password::{NewPassword, PasswordError};
pub use staff_role::StaffRole;

/// Characters no form field accepts: control characters (except none) and the Unicode
/// direction overrides that disguise text.
pub(crate) fn has_forbidden_characters(text: &str) -> bool {
    text.chars().any(|c| {
        c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}' | '\u{FEFF}')
    })
}
