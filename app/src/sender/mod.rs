//! The API the newsletter sender uses (server-only logic; the HTTP routes are in the server
//! crate): API keys, the audience, suppression, delivery events, revoking profile links, the
//! change feed with webhooks, and importing recipients.

pub mod api_keys;
pub mod audience;
pub mod changes;
pub mod events;
pub mod import;
pub mod revocation;
pub mod suppression;
pub mod webhook_target;
pub mod webhooks;
