//! What every server function, page and job on the server can reach: the database, the clock,
//! and the deployment's public facts. Provided to Leptos as context and to axum as state.

use std::sync::Arc;

use leptos::prelude::*;
use sea_orm::DatabaseConnection;
use tokio::sync::Notify;
use url::Url;

use crate::i18n::Locale;

use super::{clock::SharedClock, keys::Keys};
use crate::domain::organisation::Organisation;

#[derive(Clone, Debug)]
pub struct AppContext {
    pub db: DatabaseConnection,
    pub clock: SharedClock,
    pub public: Arc<PublicFacts>,
    pub keys: Arc<Keys>,
    pub policy: Arc<Policy>,
    /// Woken after a transaction that queued mail commits, so the outbox worker sends at once.
    pub outbox_signal: Arc<Notify>,
    /// When this instance's background workers last went round (for `/readyz`).
    pub liveness: Arc<super::liveness::Liveness>,
}

/// Retention and similar rules the operator configures.
#[derive(Debug, Clone)]
pub struct Policy {
    /// How long sign-in and access records are kept.
    pub access_record_retention: chrono::Duration,
    /// How long a newsletter's profile (manage) link works.
    pub profile_link_lifetime: chrono::Duration,
    /// Marketing data of a person who stopped being a potential customer is purged this long
    /// after that date.
    pub prospect_retention: chrono::Months,
    /// Announcements of a material policy change leave the outbox at most this fast.
    pub policy_mail_per_minute: u32,
    /// Webhooks post only over https to public addresses (production). Development may post
    /// to a receiver on this machine over plain http.
    pub webhooks_public_https_only: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            access_record_retention: chrono::Duration::days(90),
            profile_link_lifetime: chrono::Duration::days(90),
            prospect_retention: chrono::Months::new(6),
            policy_mail_per_minute: 120,
            webhooks_public_https_only: true,
        }
    }
}

/// Deployment facts that pages and e-mails show or link to.
#[derive(Debug)]
pub struct PublicFacts {
    /// Every link the product mints starts here, never from a request's Host header.
    pub base_url: Url,
    pub organisation: Organisation,
    /// The language of mail to someone whose saved language the product does not have, and
    /// of a visitor who asks for none of them.
    pub default_language: Locale,
    /// Times on pages and in mail are shown in this zone.
    pub time_zone: chrono_tz::Tz,
}

impl PublicFacts {
    /// The domain in the `Message-ID` of every mail: the public host.
    pub fn message_domain(&self) -> &str {
        self.base_url.host_str().unwrap_or("localhost")
    }
}

impl AppContext {
    pub fn wake_outbox(&self) {
        self.outbox_signal.notify_one();
    }

    /// The context of the current request. Absent only if the server forgot to provide it,
    /// which is a programming error caught by every HTTP test.
    pub fn current() -> Result<Self, ServerFnError> {
        use_context::<Self>()
            .ok_or_else(|| ServerFnError::ServerError("application context missing".into()))
    }

    /// Makes the parts that components read directly available to them.
    pub fn provide(&self) {
        provide_context(self.clone());
        provide_context(self.public.organisation.clone());
        provide_context(crate::i18n::format::TimeZone(self.public.time_zone));
        provide_context(crate::i18n::ContentLanguage(self.public.default_language));
    }
}
