//! The `prefcentre` command line.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use prefcentre_app::{demo::seed_demo, platform::clock::SystemClock, platform::db};

use prefcentre_app::policy::ssr::processing::NewActivity;

use crate::config::Settings;
use crate::rights_cli as rights;
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
    /// Create a staff member and print their set-up link (password and authenticator app).
    CreateStaff {
        #[arg(long)]
        email: String,
        /// support, admin or auditor.
        #[arg(long)]
        role: String,
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Apply the retention rules now (the server also runs them every six hours).
    Purge,
    /// Privacy policy versions.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// The record of processing activities (GDPR Art. 30).
    #[command(subcommand)]
    Processing(ProcessingCommand),
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// List every version.
    List,
    /// Publish a new version from a text file (paragraphs; `## ` starts a heading).
    Publish {
        file: PathBuf,
        /// The day it takes effect (YYYY-MM-DD, UTC); not before the latest version's.
        #[arg(long)]
        effective: String,
        /// One or two sentences on what changed (shown in the notice and the e-mail).
        #[arg(long)]
        summary: String,
        /// A material change: account holders are e-mailed and shown a notice until they
        /// acknowledge it.
        #[arg(long)]
        material: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProcessingCommand {
    /// Add an activity to the record.
    Add {
        #[arg(long)]
        purpose: String,
        /// consent, contract, legal obligation, vital interests, public task or legitimate
        /// interests.
        #[arg(long)]
        legal_basis: String,
        /// Categories of personal data, e.g. "name, e-mail address".
        #[arg(long)]
        categories: String,
        /// Recipients: partners and service providers.
        #[arg(long)]
        recipients: String,
        /// Transfers outside the EU/EEA with their safeguard, e.g. "United States: standard
        /// contractual clauses".
        #[arg(long)]
        transfers: Option<String>,
        #[arg(long)]
        retention: String,
        /// The consent topic this activity depends on (applies to everyone without one).
        #[arg(long)]
        topic: Option<String>,
    },
    /// Print the whole record.
    Export {
        #[arg(long, default_value = "json")]
        format: String,
    },
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
    /// `prefcentre` alone serves, and honours `PREFCENTRE_SEED_DEMO` as `serve` does.
    fn default() -> Self {
        let seed_demo = std::env::var("PREFCENTRE_SEED_DEMO")
            .is_ok_and(|v| matches!(v.trim(), "true" | "1" | "yes" | "on"));
        Self::Serve { seed_demo }
    }
}

/// The demo's accounts have passwords printed in the README: never on a real deployment.
fn refuse_demo_in_production(settings: &Settings) -> anyhow::Result<()> {
    if settings.env == crate::config::Environment::Production {
        anyhow::bail!(
            "refusing to seed the demo in production: its accounts have published passwords (unset PREFCENTRE_SEED_DEMO)"
        );
    }
    Ok(())
}

pub async fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve { seed_demo: seed } => {
            if seed {
                refuse_demo_in_production(&settings)?;
            }
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
            refuse_demo_in_production(&settings)?;
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
        Command::CreateStaff { email, role, name } => {
            rights::create_staff(settings, &email, &role, &name).await?
        }
        Command::Purge => rights::purge(settings).await?,
        Command::Policy(PolicyCommand::List) => rights::list_policies(settings).await?,
        Command::Policy(PolicyCommand::Publish {
            file,
            effective,
            summary,
            material,
        }) => rights::publish_policy(settings, &file, &effective, &summary, material).await?,
        Command::Processing(ProcessingCommand::Add {
            purpose,
            legal_basis,
            categories,
            recipients,
            transfers,
            retention,
            topic,
        }) => {
            rights::add_activity(
                settings,
                NewActivity {
                    purpose,
                    legal_basis,
                    categories,
                    recipients,
                    transfers,
                    retention,
                    topic_key: topic,
                },
            )
            .await?
        }
        Command::Processing(ProcessingCommand::Export { format }) => {
            rights::export_record(settings, &format).await?
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
