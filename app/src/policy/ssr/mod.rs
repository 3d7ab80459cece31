//! Server-side logic for policy versions and the record of processing.

pub mod processing;
pub mod versions;
