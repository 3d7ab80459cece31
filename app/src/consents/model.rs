//! Consent states, sources, and the views the pages show.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsentState {
    Granted,
    Withdrawn,
    /// Granted but waiting for the person to confirm from an e-mail (double opt-in).
    Pending,
}

impl ConsentState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Granted => "granted",
            Self::Withdrawn => "withdrawn",
            Self::Pending => "pending",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Granted, Self::Withdrawn, Self::Pending]
            .into_iter()
            .find(|s| s.as_str() == raw)
    }

    /// What a person sees as "on": granted, or granted and waiting for confirmation.
    pub fn is_on(self) -> bool {
        self != Self::Withdrawn
    }
}

/// Where a change came from (Art. 7(1): the method of giving or withdrawing consent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    AccountPage,
    ProfileLink,
    OneClick,
    Staff,
    Import,
    Api,
    DoubleOptInConfirm,
    /// Undo from the link in a confirmation e-mail.
    Undo,
    /// Undo on the profile page a newsletter's link opens.
    ProfileLinkUndo,
    SubscribeForm,
    /// Everything withdrawn as part of erasure.
    Erasure,
    /// Everything withdrawn by the retention purge.
    Retention,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AccountPage => "account page",
            Self::ProfileLink => "profile link",
            Self::OneClick => "one-click",
            Self::Staff => "staff",
            Self::Import => "import",
            Self::Api => "api",
            Self::DoubleOptInConfirm => "double opt-in confirm",
            Self::Undo => "undo",
            Self::ProfileLinkUndo => "profile link undo",
            Self::SubscribeForm => "subscribe form",
            Self::Erasure => "erasure",
            Self::Retention => "retention",
        }
    }

    /// Whether the change is confirmed by e-mail. Imported consents arrive with their own
    /// evidence (mailing every imported recipient would be a mass mailing nobody asked for);
    /// erasure and retention end with the person's data, and erasure sends its own message.
    /// Whether a consent granted from here stands on its own evidence (Art. 7(1)): the
    /// signed-in person, a link just followed from the person's own inbox, or an import that
    /// carries its evidence. Anything else (a bearer link such as a newsletter's profile link
    /// or a link the sender API minted, staff, a public form anyone can fill in with anyone's
    /// address) may withdraw at once, but a grant waits as pending until the person confirms
    /// it from an e-mail.
    pub fn grants_directly(self) -> bool {
        matches!(
            self,
            Self::AccountPage | Self::DoubleOptInConfirm | Self::Undo | Self::Import
        )
    }

    pub fn confirmed_by_mail(self) -> bool {
        !matches!(self, Self::Import | Self::Erasure | Self::Retention)
    }
}

/// One topic on the consents page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicChoice {
    pub key: String,
    pub title: String,
    pub wording: String,
    pub channel: String,
    pub state: ConsentState,
    /// Service notices while a contract is active: shown on, cannot be switched off.
    pub locked: bool,
}

/// One entry of a person's consent history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: String,
    pub topic: String,
    pub state: ConsentState,
    pub source: String,
    /// Why staff made the change (only staff changes carry one).
    pub reason: Option<String>,
    pub wording: String,
    pub topic_version: i32,
    pub policy_version: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentsView {
    pub topics: Vec<TopicChoice>,
    pub history: Vec<HistoryEntry>,
    pub active_contract: bool,
}
