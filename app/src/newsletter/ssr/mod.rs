//! Server-side logic for newsletter links (the tokens themselves are `platform::newsletter_links`).

pub mod profile;
