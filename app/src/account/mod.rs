//! The signed-in person's own pages: everything held about them ("My data"), editing contact
//! details, event registrations, account security and changing the e-mail address.

pub mod api;
pub mod pages;
pub mod routes;
pub mod security_api;
pub mod views;

#[cfg(feature = "ssr")]
pub mod ssr;
