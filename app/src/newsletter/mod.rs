//! Newsletter recipients: the profile link at the foot of every newsletter (manage topics with
//! no login), one-click unsubscribe (RFC 8058), and asking for a fresh link.

pub mod api;
pub mod pages;
pub mod routes;

#[cfg(feature = "ssr")]
pub mod ssr;
