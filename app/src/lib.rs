//! Prefcentre's Leptos application.
//!
//! Pages are rendered on the server; only `#[island]` components hydrate in the browser, which
//! keeps the WebAssembly client small (see `DESIGN.md`, "Pages and weight"). Each feature has
//! its own folder: pages, their routes and loaders (`routes.rs`), server functions (`api.rs`)
//! and, behind the `ssr` feature, the server-only logic (`ssr/`). The folders stand on floors,
//! each using only those below it (`tests/floors.rs`, and the README's architecture section):
//! `domain` and `i18n`, then `store` (the tables), `platform` (server infrastructure), and the
//! features up to `site`, which gathers them.

pub mod account;
pub mod admin;
pub mod auth;
pub mod consents;
pub mod demo;
pub mod domain;
pub mod forms;
pub mod i18n;
pub mod newsletter;
pub mod outbox;
pub mod page;
pub mod paths;
pub mod policy;
pub mod rights;
pub mod site;

#[cfg(feature = "ssr")]
pub mod platform;
#[cfg(feature = "ssr")]
pub mod sender;
#[cfg(feature = "ssr")]
pub mod store;

pub use site::shell::{App, shell};
