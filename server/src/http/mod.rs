//! The HTTP surface around the Leptos app.
//!
//! Rule for every route: a secret (token, key) never travels in a URL *path*, because paths
//! are logged with each request; secrets go in the query string or body, which are not.

pub mod assets;
pub mod client_ip;
pub mod cookies;
pub mod csrf;
pub mod errors;
pub mod export;
pub mod headers;
pub mod health;
pub mod language;
pub mod one_click;
pub mod pages;
pub mod router;
pub mod session;
pub mod state;
