//! Server-side account logic: credentials, tokens, limits and the session.

pub mod access;
pub mod accounts;
pub mod guard;
pub mod limits;
pub mod links;
pub mod passwords;
pub mod reauth;
pub mod session;
