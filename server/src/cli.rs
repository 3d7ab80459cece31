//! The `prefcentre` command line.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use prefcentre_app::{demo::seed_demo, platform::clock::SystemClock, platform::db};

use crate::config::Settings;
use crate::startup::{self, Application};

#[derive(Debug, Parser)]
#[command(
    name = "prefcentre",
    version,
    about = "A self-hosted, GDPR-grade preference centre"
)]
pub struct Cli {
    /// Config file (TOML). Defaults to ./prefcentre.toml when it exists; environment
    /// variables override it.
    #[arg(long, global = true, env = "PREFCENTRE_CONFIG")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application and run the scheduled jobs (the default).
    Serve {
        /// Create the demo data set before serving (skipped for what already exists).
        #[arg(long, env = "PREFCENTRE_SEED_DEMO")]
        seed_demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create the demo data set and print what was created.
    SeedDemo,
}

impl Default for Command {
    fn default() -> Self {
        Self::Serve { seed_demo: false }
    }
}

pub async fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve { seed_demo: seed } => {
            let app = Application::build(settings, Arc::new(SystemClock)).await?;
            if seed {
                print_seed(&app).await?;
            }
            let listener = app.bind().await?;
            tracing::info!(
                address = %app.settings.listen,
                url = %app.settings.base_url,
                environment = ?app.settings.env,
                "serving"
            );
            app.serve(listener, startup::shutdown_signal()).await?;
        }
        Command::Migrate => {
            let connection = db::connect(&settings.database_url).await?;
            startup::migrate(&connection).await?;
            println!("database is up to date");
        }
        Command::SeedDemo => {
            let app = Application::build(settings, Arc::new(SystemClock)).await?;
            print_seed(&app).await?;
        }
    }
    Ok(())
}

async fn print_seed(app: &Application) -> anyhow::Result<()> {
    let report = seed_demo(&app.ctx).await?;
    println!("demo data:");
    for line in report.lines {
        println!("  {line}");
    }
    Ok(())
}
