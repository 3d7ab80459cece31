//! Server-side logic for newsletter links.

pub mod links;
pub mod profile;
