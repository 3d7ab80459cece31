//! The e-mail outbox: a change that causes an e-mail inserts a row in the same transaction as
//! the change ([`queue`]); a worker delivers rows with retries ([`worker`]). A request never
//! talks to SMTP.
//!
//! Delivery guarantee: at least once, one row per event (an idempotency key refuses a second
//! row for the same event), one stable `Message-ID` per row. A message can be sent twice only
//! if the process stops between the SMTP server accepting it and the row being marked sent;
//! the repeat carries the same `Message-ID`, which lets mail systems drop it.

pub mod kinds;

#[cfg(feature = "ssr")]
pub mod queue;
#[cfg(feature = "ssr")]
pub mod render;
#[cfg(feature = "ssr")]
pub mod transport;
#[cfg(feature = "ssr")]
pub mod worker;
#[cfg(feature = "ssr")]
pub mod words;
