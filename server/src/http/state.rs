//! What every axum handler shares: the application context, the settings, and the Leptos
//! options derived from them.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::*;
use prefcentre_app::platform::context::AppContext;

use crate::config::Settings;

/// State shared by every axum handler. Leptos reads its options from it.
#[derive(Clone)]
pub struct ServerState {
    pub leptos_options: LeptosOptions,
    pub ctx: AppContext,
    pub settings: Arc<Settings>,
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(state: &ServerState) -> Self {
        state.leptos_options.clone()
    }
}

pub fn leptos_options(settings: &Settings) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("prefcentre")
        .site_root(settings.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(settings.listen)
        .build()
}
