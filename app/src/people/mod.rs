//! People whose personal data is held: account holders and newsletter-only recipients.

#[cfg(feature = "ssr")]
pub mod entity;
