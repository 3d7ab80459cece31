//! Logging. `PREFCENTRE_LOG` (or `RUST_LOG`) sets the filter. Nothing here logs personal
//! data; the rule for the rest of the code is the same: ids and counts, never addresses,
//! names or tokens.

use tracing_subscriber::{EnvFilter, fmt};

pub fn init() {
    let filter = std::env::var("PREFCENTRE_LOG")
        .ok()
        .or_else(|| std::env::var("RUST_LOG").ok())
        .unwrap_or_else(|| "info,sqlx=warn,sea_orm=warn,tower_sessions=warn".to_owned());
    let _ = fmt()
        .with_env_filter(EnvFilter::new(filter))
        .with_target(false)
        .with_writer(std::io::stderr)
        .try_init();
}
