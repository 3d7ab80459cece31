//! Server-side logic for the rights: requests, export, restriction, erasure, retention.

pub mod erasure;
pub mod export;
pub mod requests;
pub mod restriction;
pub mod retention;
pub mod view;
