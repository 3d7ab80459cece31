//! Server-side logic of the admin view.

pub mod audit;
pub mod auth;
pub mod outbox;
pub mod person;
pub mod search;
pub mod totp;
