//! What every server function, page and job on the server can reach: the database, the clock,
//! and the deployment's public facts. Provided to Leptos as context and to axum as state.

use std::sync::Arc;

use leptos::prelude::*;
use sea_orm::DatabaseConnection;
use url::Url;

use super::clock::SharedClock;
use crate::site::organisation::Organisation;

#[derive(Clone, Debug)]
pub struct AppContext {
    pub db: DatabaseConnection,
    pub clock: SharedClock,
    pub public: Arc<PublicFacts>,
}

/// Deployment facts that pages and e-mails show or link to.
#[derive(Debug)]
pub struct PublicFacts {
    /// Every link the product mints starts here, never from a request's Host header.
    pub base_url: Url,
    pub organisation: Organisation,
}

impl AppContext {
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
    }
}
