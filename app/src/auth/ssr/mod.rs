//! Server-side account logic: credentials, tokens, limits and the session.

pub mod accounts;
pub mod limits;
pub mod passwords;
pub mod session;
pub mod tokens;
