//! Typed settings: built-in development defaults, then a TOML file, then environment
//! variables, each overriding the one before (layered with figment, in `sources`).
//! Validation names the offending key as the operator wrote it, and production refuses
//! settings that are only fit for a laptop (`validate`).
//!
//! | key (file)                                   | environment                                          |
//! |----------------------------------------------|------------------------------------------------------|
//! | `env`                                        | `PREFCENTRE_ENV`                                     |
//! | `listen`                                     | `PREFCENTRE_LISTEN`                                  |
//! | `base_url`                                   | `PREFCENTRE_BASE_URL`                                |
//! | `database_url`                               | `DATABASE_URL`                                       |
//! | `mail_url`                                   | `PREFCENTRE_MAIL_URL`                                |
//! | `secret_key`                                 | `PREFCENTRE_SECRET_KEY`                              |
//! | `trusted_proxies`                            | `PREFCENTRE_TRUSTED_PROXIES`                         |
//! | `session_idle_minutes`                       | `PREFCENTRE_SESSION_IDLE_MINUTES`                    |
//! | `session_absolute_hours`                     | `PREFCENTRE_SESSION_ABSOLUTE_HOURS`                  |
//! | `mail_from`                                  | `PREFCENTRE_MAIL_FROM`                               |
//! | `access_record_days`                         | `PREFCENTRE_ACCESS_RECORD_DAYS`                      |
//! | `profile_link_days`                          | `PREFCENTRE_PROFILE_LINK_DAYS`                       |
//! | `prospect_retention_months`                  | `PREFCENTRE_PROSPECT_RETENTION_MONTHS`               |
//! | `policy_mail_per_minute`                     | `PREFCENTRE_POLICY_MAIL_PER_MINUTE`                  |
//! | `link_key_id`                                | `PREFCENTRE_LINK_KEY_ID`                             |
//! | `previous_secret_keys`                       | `PREFCENTRE_PREVIOUS_SECRET_KEYS`                    |
//! | `run_jobs`                                   | `PREFCENTRE_RUN_JOBS`                                |
//! | `deliver_mail`                               | `PREFCENTRE_DELIVER_MAIL`                            |
//! | `site_root`                                  | `LEPTOS_SITE_ROOT`                                   |
//! | `default_language`                           | `PREFCENTRE_DEFAULT_LANGUAGE`                        |
//! | `time_zone`                                  | `PREFCENTRE_TIME_ZONE`                               |
//! | `[organisation]` `name`                      | `PREFCENTRE_ORGANISATION__NAME`                      |
//! | `[organisation]` `postal_address`            | `PREFCENTRE_ORGANISATION__POSTAL_ADDRESS`            |
//! | `[organisation]` `privacy_email`             | `PREFCENTRE_ORGANISATION__PRIVACY_EMAIL`             |
//! | `[organisation]` `supervisory_authority`     | `PREFCENTRE_ORGANISATION__SUPERVISORY_AUTHORITY`     |
//! | `[organisation]` `supervisory_authority_url` | `PREFCENTRE_ORGANISATION__SUPERVISORY_AUTHORITY_URL` |
//!
//! The rule behind the names, `DATABASE_URL` and `LEPTOS_SITE_ROOT` aside: `PREFCENTRE_` and
//! the key in capitals, a table and its key joined by `__`. An empty variable counts as
//! unset. The organisation is all or nothing: its keys may come from the file and the
//! environment mixed, but when any is set every one must be, and when none is the demo's
//! organisation stands.

mod sources;
mod validate;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ipnet::IpNet;
use prefcentre_app::domain::organisation::Organisation;
use url::Url;

/// The secret a development checkout runs with. Production refuses it.
pub const DEVELOPMENT_SECRET: &str = "development-only-secret-never-use-in-production-0000";

/// The sender of development mail. Production refuses it.
pub const DEVELOPMENT_MAIL_FROM: &str = "Prefcentre development <no-reply@prefcentre.invalid>";

/// The config file read when `--config` / `PREFCENTRE_CONFIG` name none and it exists.
pub const DEFAULT_CONFIG_FILE: &str = "prefcentre.toml";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailTransport {
    /// Each message written as an `.eml` file into this folder.
    Files(PathBuf),
    /// `smtp://` (STARTTLS when the server offers it, required unless the host is local) or
    /// `smtps://` (TLS from the first byte); user and password in the URL.
    Smtp(Url),
}

#[derive(Clone)]
pub struct Settings {
    pub env: Environment,
    pub listen: SocketAddr,
    pub base_url: Url,
    pub database_url: String,
    pub mail: MailTransport,
    /// `From` of every message, e.g. `Example Ltd <privacy@example.com>`.
    pub mail_from: String,
    pub secret_key: SecretKey,
    pub trusted_proxies: Vec<IpNet>,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    /// How long sign-in and access records are kept.
    pub access_record_days: u32,
    /// How long a newsletter's profile (manage) link works.
    pub profile_link_days: u32,
    /// Marketing data of a former prospect is purged this long after they stopped being one.
    pub prospect_retention_months: u32,
    /// How fast a material policy change is announced to account holders.
    pub policy_mail_per_minute: u32,
    /// The key id new newsletter links are signed with; raise it to rotate.
    pub link_key_id: u8,
    /// Secrets that came before the current one: newsletter links signed with them still
    /// verify (an unsubscribe link must work forever).
    pub previous_secret_keys: Vec<SecretKey>,
    /// Whether this instance runs the scheduled jobs. Every instance may (they coordinate
    /// through the database); an operator can keep them to a few.
    pub run_jobs: bool,
    /// Whether this instance delivers the outbox (instances share the work safely).
    pub deliver_mail: bool,
    pub site_root: PathBuf,
    pub organisation: Organisation,
    /// The language of a visitor who names none the product has (README, "Languages").
    pub default_language: prefcentre_app::i18n::Locale,
    /// Where the organisation's clocks are: pages and mail show times in it.
    pub time_zone: chrono_tz::Tz,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("env", &self.env)
            .field("listen", &self.listen)
            .field("base_url", &self.base_url.as_str())
            .field(
                "database_url",
                &prefcentre_app::platform::db::redact_url(&self.database_url),
            )
            .field("secret_key", &"***")
            .finish_non_exhaustive()
    }
}

/// The server secret. Never printed.
#[derive(Clone)]
pub struct SecretKey(Vec<u8>);

impl SecretKey {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("cannot read the config file {path}: {cause}")]
    File { path: String, cause: String },
    /// `key` as the operator wrote it: the variable's name when the value came from the
    /// environment, else the file's key.
    #[error("invalid {key}: {reason}")]
    Invalid { key: String, reason: String },
    #[error("refusing to start in production: {0}")]
    UnsafeForProduction(&'static str),
    #[error("refusing to start: {0}")]
    DevelopmentSecretInTheWild(&'static str),
}

fn invalid(key: impl Into<String>, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key: key.into(),
        reason: reason.into(),
    }
}

/// Where settings come from: a file (optional) and an environment. Tests pass a map instead
/// of the process environment.
pub struct Sources<'a> {
    pub file: Option<&'a Path>,
    pub env: &'a dyn Fn(&str) -> Option<String>,
}

impl Settings {
    pub fn load(sources: Sources<'_>) -> Result<Self, ConfigError> {
        let layers = sources::Layers::merge(&sources)?;
        validate::settings(&layers)
    }

    /// Whether cookies get `Secure` and the `__Host-` prefix and responses get HSTS. Follows
    /// the public URL, so a test can run the hardened configuration over plain loopback by
    /// declaring an https base URL.
    pub fn is_https(&self) -> bool {
        self.base_url.scheme() == "https"
    }
}
