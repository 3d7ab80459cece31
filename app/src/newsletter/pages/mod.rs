//! The pages newsletter links open.

mod profile;
mod unsubscribe;

pub use profile::ProfilePage;
pub use unsubscribe::UnsubscribePage;

use serde::{Deserialize, Serialize};

use crate::consents::model::TopicChoice;

/// The profile page of a usable manage link: the masked address and the topics, nothing more.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub token: String,
    pub masked_email: String,
    pub topics: Vec<TopicChoice>,
    /// The change the last save made, while it can still be undone.
    pub undo_change: Option<String>,
}

/// The page an unsubscribe link opens (GET): a button, and the way to all topics. That way is
/// the "e-mail me a link" page, not a manage link: an unsubscribe link must not grant more
/// than its one topic (it may travel in a forwarded mail).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsubscribeView {
    pub token: String,
    pub topic_title: String,
}
