//! Server-side logic for the person's own pages.

pub mod details;
pub mod email_change;
pub mod events;
pub mod my_data;
pub mod security;
