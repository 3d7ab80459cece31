//! The `prefcentre` command line.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use prefcentre_app::{demo::seed_demo, platform::clock::SystemClock, platform::db};

use crate::config::Settings;
use crate::sender_cli as sender;
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
    /// Print a person's profile link and, with --topic, that topic's unsubscribe URL and
    /// List-Unsubscribe header values.
    Link {
        #[arg(long)]
        email: String,
        #[arg(long)]
        topic: Option<String>,
    },
    /// Manage API keys for the sender API.
    #[command(subcommand)]
    ApiKey(ApiKeyCommand),
    /// Import recipients with their consent evidence from a CSV file
    /// (columns: email,name,topics,source,consented_at).
    Import { file: PathBuf },
    /// Print the audience of a topic as CSV (who may be sent it now, with their links).
    Audience {
        #[arg(long)]
        topic: String,
    },
    /// Manage webhooks that receive the consent change feed.
    #[command(subcommand)]
    Webhook(WebhookCommand),
}

#[derive(Debug, Subcommand)]
pub enum ApiKeyCommand {
    /// Create a key and print it (the only time it is shown).
    Create {
        /// A name to recognise it by.
        #[arg(long, default_value = "sender")]
        name: String,
        /// read:audience, write:events (repeat or comma-separate).
        #[arg(long, value_delimiter = ',', required = true)]
        scope: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum WebhookCommand {
    /// Register a URL and print its signing secret (the only time it is shown).
    Add {
        #[arg(long)]
        url: String,
    },
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
        Command::Link { email, topic } => sender::link(settings, &email, topic.as_deref()).await?,
        Command::ApiKey(ApiKeyCommand::Create { name, scope }) => {
            sender::create_key(settings, &name, &scope).await?
        }
        Command::Import { file } => sender::import(settings, &file).await?,
        Command::Audience { topic } => sender::audience(settings, &topic).await?,
        Command::Webhook(WebhookCommand::Add { url }) => {
            sender::add_webhook(settings, &url).await?
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
