//! The consents page, the public subscribe page, and the pages consent links open.

mod choose;
mod links;
mod subscribe;

pub use choose::{ConsentsPage, TopicBox};
pub use links::{ConsentConfirmPage, ConsentUndoPage};
pub use subscribe::SubscribePage;
