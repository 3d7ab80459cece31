//! Accounts and sign-in: sign-up with address confirmation, password sign-in, e-mailed sign-in
//! links, password reset, sign-out.

pub mod api;
pub mod pages;
pub mod routes;

#[cfg(feature = "ssr")]
pub mod ssr;
