//! Typed settings: built-in development defaults, then a TOML file, then environment
//! variables, each overriding the one before. Validation names the offending key, and
//! production refuses settings that are only fit for a laptop.
//!
//! | key (file)                 | environment                         |
//! |----------------------------|-------------------------------------|
//! | `env`                      | `PREFCENTRE_ENV`                    |
//! | `listen`                   | `PREFCENTRE_LISTEN`                 |
//! | `base_url`                 | `PREFCENTRE_BASE_URL`               |
//! | `database_url`             | `DATABASE_URL`                      |
//! | `mail_url`                 | `PREFCENTRE_MAIL_URL`               |
//! | `secret_key`               | `PREFCENTRE_SECRET_KEY`             |
//! | `trusted_proxies`          | `PREFCENTRE_TRUSTED_PROXIES`        |
//! | `session_idle_minutes`     | `PREFCENTRE_SESSION_IDLE_MINUTES`   |
//! | `session_absolute_hours`   | `PREFCENTRE_SESSION_ABSOLUTE_HOURS` |
//! | `mail_from`                | `PREFCENTRE_MAIL_FROM`              |
//! | `access_record_days`       | `PREFCENTRE_ACCESS_RECORD_DAYS`     |
//! | `profile_link_days`        | `PREFCENTRE_PROFILE_LINK_DAYS`      |
//! | `prospect_retention_months`| `PREFCENTRE_PROSPECT_RETENTION_MONTHS` |
//! | `policy_mail_per_minute`   | `PREFCENTRE_POLICY_MAIL_PER_MINUTE` |
//! | `link_key_id`              | `PREFCENTRE_LINK_KEY_ID`            |
//! | `previous_secret_keys`     | `PREFCENTRE_PREVIOUS_SECRET_KEYS`   |
//! | `run_jobs`                 | `PREFCENTRE_RUN_JOBS`               |
//! | `deliver_mail`             | `PREFCENTRE_DELIVER_MAIL`           |
//! | `site_root`                | `LEPTOS_SITE_ROOT`                  |
//! | `[organisation]` table     | —                                   |

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ipnet::IpNet;
use prefcentre_app::domain::organisation::Organisation;
use serde::Deserialize;
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
    #[error("invalid {key}: {reason}")]
    Invalid { key: &'static str, reason: String },
    #[error("refusing to start in production: {0}")]
    UnsafeForProduction(&'static str),
    #[error("refusing to start: {0}")]
    DevelopmentSecretInTheWild(&'static str),
}

fn invalid(key: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key,
        reason: reason.into(),
    }
}

/// The file's shape. Every field optional: whatever is absent keeps its default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    env: Option<String>,
    listen: Option<String>,
    base_url: Option<String>,
    database_url: Option<String>,
    mail_url: Option<String>,
    mail_from: Option<String>,
    secret_key: Option<String>,
    trusted_proxies: Option<Vec<String>>,
    session_idle_minutes: Option<u64>,
    session_absolute_hours: Option<u64>,
    run_jobs: Option<bool>,
    deliver_mail: Option<bool>,
    access_record_days: Option<u64>,
    profile_link_days: Option<u64>,
    prospect_retention_months: Option<u64>,
    policy_mail_per_minute: Option<u64>,
    link_key_id: Option<u64>,
    previous_secret_keys: Option<Vec<String>>,
    site_root: Option<String>,
    organisation: Option<Organisation>,
}

/// Where settings come from: a file (optional) and an environment. Tests pass a map instead
/// of the process environment.
pub struct Sources<'a> {
    pub file: Option<&'a Path>,
    pub env: &'a dyn Fn(&str) -> Option<String>,
}

impl Settings {
    pub fn load(sources: Sources<'_>) -> Result<Self, ConfigError> {
        let file = match sources.file {
            Some(path) => read_file(path)?,
            None if Path::new(DEFAULT_CONFIG_FILE).exists() => {
                read_file(Path::new(DEFAULT_CONFIG_FILE))?
            }
            None => FileSettings::default(),
        };
        let env = sources.env;
        // The environment wins over the file; the key named in an error is the one the
        // value came from, so the operator knows where to look.
        let pick =
            |env_key: &'static str, file_key: &'static str, file_value: Option<String>| match env(
                env_key,
            )
            .filter(|v| !v.is_empty())
            {
                Some(value) => Some((env_key, value)),
                None => file_value.map(|value| (file_key, value)),
            };

        let env_name = match pick("PREFCENTRE_ENV", "env", file.env) {
            None => Environment::Development,
            Some((_, v)) if v == "development" => Environment::Development,
            Some((_, v)) if v == "production" => Environment::Production,
            Some((key, v)) => {
                return Err(invalid(
                    key,
                    format!("expected development or production, got {v:?}"),
                ));
            }
        };

        let listen = match pick("PREFCENTRE_LISTEN", "listen", file.listen) {
            None => SocketAddr::from(([127, 0, 0, 1], 3000)),
            Some((key, v)) => v.parse().map_err(|_| {
                invalid(
                    key,
                    format!("expected host:port such as 127.0.0.1:3000, got {v:?}"),
                )
            })?,
        };

        let base_url = match pick("PREFCENTRE_BASE_URL", "base_url", file.base_url) {
            None => {
                Url::parse(&format!("http://{listen}")).expect("a socket address is a valid host")
            }
            Some((key, v)) => parse_base_url(key, &v)?,
        };

        let database_url = pick("DATABASE_URL", "database_url", file.database_url)
            .map(|(key, v)| {
                if v.starts_with("sqlite:")
                    || v.starts_with("postgres://")
                    || v.starts_with("postgresql://")
                {
                    Ok(v)
                } else {
                    Err(invalid(key, "expected a sqlite: or postgres:// URL"))
                }
            })
            .transpose()?
            .unwrap_or_else(|| "sqlite://data/prefcentre.db?mode=rwc".to_owned());

        let mail = match pick("PREFCENTRE_MAIL_URL", "mail_url", file.mail_url) {
            None => MailTransport::Files(PathBuf::from("data/mail")),
            Some((key, v)) => parse_mail_url(key, &v)?,
        };

        let secret_key = match pick("PREFCENTRE_SECRET_KEY", "secret_key", file.secret_key) {
            None => SecretKey(DEVELOPMENT_SECRET.as_bytes().to_vec()),
            Some((key, v)) if v.len() < 32 => {
                return Err(invalid(
                    key,
                    format!("must be at least 32 characters, got {}", v.len()),
                ));
            }
            Some((_, v)) => SecretKey(v.into_bytes()),
        };

        let trusted_proxies = match env("PREFCENTRE_TRUSTED_PROXIES").filter(|v| !v.is_empty()) {
            Some(v) => parse_networks("PREFCENTRE_TRUSTED_PROXIES", v.split(',').map(str::trim))?,
            None => parse_networks(
                "trusted_proxies",
                file.trusted_proxies.iter().flatten().map(String::as_str),
            )?,
        };

        let session_idle = minutes(
            pick_number(
                env,
                "PREFCENTRE_SESSION_IDLE_MINUTES",
                file.session_idle_minutes,
            )?
            .unwrap_or(30),
        );
        let session_absolute = minutes(
            60 * pick_number(
                env,
                "PREFCENTRE_SESSION_ABSOLUTE_HOURS",
                file.session_absolute_hours,
            )?
            .unwrap_or(12),
        );
        if session_idle.is_zero() || session_absolute < session_idle {
            return Err(invalid(
                "session_idle_minutes",
                "must be above zero and not longer than the absolute session lifetime",
            ));
        }

        let run_jobs = pick_flag(env, "PREFCENTRE_RUN_JOBS", file.run_jobs)?.unwrap_or(true);
        let access_record_days = pick_number(
            env,
            "PREFCENTRE_ACCESS_RECORD_DAYS",
            file.access_record_days,
        )?
        .unwrap_or(90);
        let access_record_days = u32::try_from(access_record_days)
            .ok()
            .filter(|days| (1..=3650).contains(days))
            .ok_or_else(|| {
                invalid(
                    "PREFCENTRE_ACCESS_RECORD_DAYS",
                    "must be between 1 and 3650 days",
                )
            })?;
        let profile_link_days =
            pick_number(env, "PREFCENTRE_PROFILE_LINK_DAYS", file.profile_link_days)?.unwrap_or(90);
        let profile_link_days = u32::try_from(profile_link_days)
            .ok()
            .filter(|days| (1..=3650).contains(days))
            .ok_or_else(|| {
                invalid(
                    "PREFCENTRE_PROFILE_LINK_DAYS",
                    "must be between 1 and 3650 days",
                )
            })?;
        let prospect_retention_months = pick_number(
            env,
            "PREFCENTRE_PROSPECT_RETENTION_MONTHS",
            file.prospect_retention_months,
        )?
        .unwrap_or(6);
        let prospect_retention_months = u32::try_from(prospect_retention_months)
            .ok()
            .filter(|months| (1..=120).contains(months))
            .ok_or_else(|| {
                invalid(
                    "PREFCENTRE_PROSPECT_RETENTION_MONTHS",
                    "must be between 1 and 120 months",
                )
            })?;
        let policy_mail_per_minute = pick_number(
            env,
            "PREFCENTRE_POLICY_MAIL_PER_MINUTE",
            file.policy_mail_per_minute,
        )?
        .unwrap_or(120);
        let policy_mail_per_minute = u32::try_from(policy_mail_per_minute)
            .ok()
            .filter(|rate| (1..=100_000).contains(rate))
            .ok_or_else(|| {
                invalid(
                    "PREFCENTRE_POLICY_MAIL_PER_MINUTE",
                    "must be between 1 and 100000",
                )
            })?;
        let link_key_id =
            pick_number(env, "PREFCENTRE_LINK_KEY_ID", file.link_key_id)?.unwrap_or(1);
        let link_key_id = u8::try_from(link_key_id)
            .ok()
            .filter(|id| *id >= 1)
            .ok_or_else(|| invalid("PREFCENTRE_LINK_KEY_ID", "must be between 1 and 255"))?;
        let previous: Vec<String> =
            match env("PREFCENTRE_PREVIOUS_SECRET_KEYS").filter(|v| !v.is_empty()) {
                Some(list) => list.split(',').map(|s| s.trim().to_owned()).collect(),
                None => file.previous_secret_keys.unwrap_or_default(),
            };
        if previous.iter().any(|k| k.len() < 32) {
            return Err(invalid(
                "PREFCENTRE_PREVIOUS_SECRET_KEYS",
                "each must be at least 32 characters",
            ));
        }
        let previous_secret_keys = previous
            .into_iter()
            .map(|k| SecretKey(k.into_bytes()))
            .collect();
        let deliver_mail =
            pick_flag(env, "PREFCENTRE_DELIVER_MAIL", file.deliver_mail)?.unwrap_or(true);

        let mail_from = match pick("PREFCENTRE_MAIL_FROM", "mail_from", file.mail_from) {
            None => DEVELOPMENT_MAIL_FROM.to_owned(),
            Some((key, v)) => {
                v.parse::<lettre::message::Mailbox>()
                    .map_err(|_| invalid(key, format!("expected an address such as \"Example <privacy@example.com>\", got {v:?}")))?;
                v
            }
        };

        let site_root = pick("LEPTOS_SITE_ROOT", "site_root", file.site_root)
            .map(|(_, v)| PathBuf::from(v))
            .unwrap_or_else(default_site_root);

        let settings = Settings {
            env: env_name,
            listen,
            base_url,
            database_url,
            mail,
            mail_from,
            secret_key,
            trusted_proxies,
            session_idle,
            session_absolute,
            run_jobs,
            access_record_days,
            profile_link_days,
            prospect_retention_months,
            policy_mail_per_minute,
            link_key_id,
            previous_secret_keys,
            deliver_mail,
            site_root,
            organisation: file.organisation.unwrap_or_else(Organisation::demo),
        };
        settings.check_production()?;
        settings.check_development_secret()?;
        Ok(settings)
    }

    /// Whether cookies get `Secure` and the `__Host-` prefix and responses get HSTS. Follows
    /// the public URL, so a test can run the hardened configuration over plain loopback by
    /// declaring an https base URL.
    pub fn is_https(&self) -> bool {
        self.base_url.scheme() == "https"
    }

    /// `PREFCENTRE_ENV` left unset on a real deployment would sign every link with the secret
    /// printed in this repository. A public https URL or a mail server other than this
    /// machine says the deployment is real, whatever `env` says.
    fn check_development_secret(&self) -> Result<(), ConfigError> {
        if self.secret_key.as_bytes() != DEVELOPMENT_SECRET.as_bytes() {
            return Ok(());
        }
        if self.is_https() {
            return Err(ConfigError::DevelopmentSecretInTheWild(
                "PREFCENTRE_SECRET_KEY is the development default but PREFCENTRE_BASE_URL is https; set PREFCENTRE_ENV=production and a random secret of 32+ characters",
            ));
        }
        if let MailTransport::Smtp(url) = &self.mail
            && !prefcentre_app::outbox::transport::is_loopback_host(url)
        {
            return Err(ConfigError::DevelopmentSecretInTheWild(
                "PREFCENTRE_SECRET_KEY is the development default but PREFCENTRE_MAIL_URL sends real mail; set PREFCENTRE_ENV=production and a random secret of 32+ characters",
            ));
        }
        Ok(())
    }

    fn check_production(&self) -> Result<(), ConfigError> {
        if self.env != Environment::Production {
            return Ok(());
        }
        if self.secret_key.as_bytes() == DEVELOPMENT_SECRET.as_bytes() {
            return Err(ConfigError::UnsafeForProduction(
                "PREFCENTRE_SECRET_KEY is the development default; set a random secret of 32+ characters",
            ));
        }
        if matches!(self.mail, MailTransport::Files(_)) {
            return Err(ConfigError::UnsafeForProduction(
                "PREFCENTRE_MAIL_URL writes e-mail to files; set an smtp:// or smtps:// URL",
            ));
        }
        if !self.is_https() {
            return Err(ConfigError::UnsafeForProduction(
                "PREFCENTRE_BASE_URL is plain http; links and cookies need https",
            ));
        }
        if self.mail_from == DEVELOPMENT_MAIL_FROM {
            return Err(ConfigError::UnsafeForProduction(
                "PREFCENTRE_MAIL_FROM is the development sender; set your organisation's address",
            ));
        }
        Ok(())
    }
}

fn read_file(path: &Path) -> Result<FileSettings, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|err| ConfigError::File {
        path: path.display().to_string(),
        cause: err.to_string(),
    })?;
    toml::from_str(&text).map_err(|err| ConfigError::File {
        path: path.display().to_string(),
        cause: err.message().to_owned(),
    })
}

fn parse_base_url(key: &'static str, raw: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(raw).map_err(|err| invalid(key, format!("{err}: {raw:?}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(invalid(
            key,
            format!("expected an http(s) URL, got {raw:?}"),
        ));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(
            key,
            "must be an origin (scheme, host and port) without a path",
        ));
    }
    Ok(url)
}

fn parse_mail_url(key: &'static str, raw: &str) -> Result<MailTransport, ConfigError> {
    if let Some(folder) = raw.strip_prefix("file:") {
        if folder.is_empty() {
            return Err(invalid(key, "file: needs a folder, such as file:data/mail"));
        }
        return Ok(MailTransport::Files(PathBuf::from(folder)));
    }
    let url =
        Url::parse(raw).map_err(|_| invalid(key, "expected file:DIR, smtp://… or smtps://…"))?;
    match url.scheme() {
        "smtp" | "smtps" if url.host().is_some() => Ok(MailTransport::Smtp(url)),
        _ => Err(invalid(key, "expected file:DIR, smtp://… or smtps://…")),
    }
}

fn parse_networks<'a>(
    key: &'static str,
    items: impl Iterator<Item = &'a str>,
) -> Result<Vec<IpNet>, ConfigError> {
    items
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    invalid(
                        key,
                        format!("expected IP addresses or CIDR ranges, got {item:?}"),
                    )
                })
        })
        .collect()
}

/// A number from the environment, else the file (whose types TOML already checked).
fn pick_number(
    env: &dyn Fn(&str) -> Option<String>,
    env_key: &'static str,
    file_value: Option<u64>,
) -> Result<Option<u64>, ConfigError> {
    match env(env_key).filter(|v| !v.is_empty()) {
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| invalid(env_key, format!("expected a whole number, got {v:?}"))),
        None => Ok(file_value),
    }
}

/// A true/false setting from the environment, else the file.
fn pick_flag(
    env: &dyn Fn(&str) -> Option<String>,
    env_key: &'static str,
    file_value: Option<bool>,
) -> Result<Option<bool>, ConfigError> {
    match env(env_key).filter(|v| !v.is_empty()) {
        Some(v) => match v.as_str() {
            "true" | "1" | "yes" => Ok(Some(true)),
            "false" | "0" | "no" => Ok(Some(false)),
            _ => Err(invalid(
                env_key,
                format!("expected true or false, got {v:?}"),
            )),
        },
        None => Ok(file_value),
    }
}

fn minutes(count: u64) -> Duration {
    Duration::from_secs(count * 60)
}

/// Where cargo-leptos put the compiled client, found without depending on the working
/// directory: cargo-leptos passes `LEPTOS_SITE_ROOT` (relative to the workspace) while it
/// builds, so the binary remembers the absolute folder.
fn default_site_root() -> PathBuf {
    let relative = option_env!("LEPTOS_SITE_ROOT").unwrap_or("target/site");
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}
