//! The Prefcentre server: configuration, start-up, the CLI, HTTP routes that are not Leptos
//! pages (health, assets), middleware, and background jobs.

pub mod api;
pub mod cli;
pub mod config;
pub mod http;
pub mod rights_cli;
pub mod sender_cli;
pub mod startup;
pub mod telemetry;
