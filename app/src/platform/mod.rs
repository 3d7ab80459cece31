//! Server-side infrastructure shared by every feature.

pub mod clock;
pub mod context;
pub mod db;
pub mod jobs;
pub mod sessions;
