//! Server-side infrastructure shared by every feature.

pub mod audit;
pub mod clock;
pub mod context;
pub mod csrf;
pub mod csv_out;
pub mod db;
pub mod jobs;
pub mod keys;
pub mod liveness;
pub mod newsletter_links;
pub mod rate_limit;
pub mod request;
pub mod sealed;
pub mod sessions;
pub mod shown_once;
pub mod suppression;
pub mod tokens;
