//! Server-side consent logic.

pub mod audience;
pub mod feed;
pub mod ledger;
pub mod links;
pub mod subscribe;
pub mod view;
