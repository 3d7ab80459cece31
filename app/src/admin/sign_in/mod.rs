//! Staff sign-in: the password and second factor (TOTP or a recovery code), and a new
//! member's set-up from the invitation link.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod setup;
#[cfg(feature = "ssr")]
pub mod totp;

use serde::{Deserialize, Serialize};

/// The set-up page of a staff member's link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupView {
    pub token: String,
    pub email: String,
    pub secret: String,
    pub uri: String,
}
