//! Server-side logic of the admin view.

pub mod act;
pub mod audit;
pub mod auth;
pub mod dashboard;
pub mod manage;
pub mod outbox;
pub mod partners;
pub mod person;
pub mod queue;
pub mod search;
pub mod totp;
pub mod webhooks;
