//! The admin view for support staff, sliced by job: signing in, finding a person, their
//! record, acting on their behalf, rights requests, the dashboard, undelivered mail, the audit
//! log and administration. Each slice holds its view types (`mod.rs`), pages, server
//! functions and server-side logic; `guard` and `ui` are what they share. Every check is on
//! the server; roles are `domain::StaffRole`.

pub mod act;
pub mod audit;
pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod guard;
pub mod manage;
pub mod outbox;
pub mod person;
pub mod requests;
pub mod routes;
pub mod search;
pub mod sign_in;
pub mod ui;
