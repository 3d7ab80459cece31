//! Consents: what each person agreed to, per topic, provably (an append-only ledger with the
//! exact wording, the source and the policy version), how to change it (the consents page,
//! "unsubscribe from everything", double opt-in, undo from the confirmation e-mail), and the
//! single rule that says who may be sent what.

pub mod api;
pub mod model;
pub mod pages;
pub mod routes;

#[cfg(feature = "ssr")]
pub mod ssr;
