//! The three layers, merged by figment: the development defaults ([`Raw`]'s `Default`), the
//! TOML file, the environment. Values keep the layer they came from, so an error can name a
//! key the way the operator wrote it.

use std::fmt;
use std::path::{Path, PathBuf};

use figment::error::Kind;
use figment::providers::{Format, Serialized, Toml};
use figment::value::{Dict, Map, Value};
use figment::{Figment, Metadata, Profile, Provider};
use prefcentre_app::domain::organisation::Organisation;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::{
    ConfigError, DEFAULT_CONFIG_FILE, DEVELOPMENT_MAIL_FROM, DEVELOPMENT_SECRET, Sources, invalid,
};

/// Every key there is, as the file writes it; [`variable`] gives each one's environment
/// variable. The environment layer reads these variables and no others: other `PREFCENTRE_`
/// variables (`PREFCENTRE_LOG`, `PREFCENTRE_CONFIG`, the tests' own) are not settings.
const KEYS: &[&str] = &[
    "env",
    "listen",
    "base_url",
    "database_url",
    "mail_url",
    "mail_from",
    "secret_key",
    "trusted_proxies",
    "session_idle_minutes",
    "session_absolute_hours",
    "run_jobs",
    "deliver_mail",
    "access_record_days",
    "profile_link_days",
    "prospect_retention_months",
    "policy_mail_per_minute",
    "link_key_id",
    "previous_secret_keys",
    "site_root",
    "default_language",
    "time_zone",
    "organisation.name",
    "organisation.postal_address",
    "organisation.privacy_email",
    "organisation.supervisory_authority",
    "organisation.supervisory_authority_url",
];

/// The environment variable of a key: `PREFCENTRE_` and the key in capitals, a table and
/// its key joined by `__` (`organisation.name` is `PREFCENTRE_ORGANISATION__NAME`).
pub(super) fn variable(key: &str) -> String {
    match key {
        // The names the tools around us already use: sea-orm's and sqlx's command-line
        // tools read DATABASE_URL, and cargo-leptos sets LEPTOS_SITE_ROOT for the server.
        "database_url" => "DATABASE_URL".to_owned(),
        "site_root" => "LEPTOS_SITE_ROOT".to_owned(),
        _ => format!("PREFCENTRE_{}", key.replace('.', "__").to_ascii_uppercase()),
    }
}

/// The merged settings before validation. Its `Default` is the first layer: what a
/// development checkout runs with.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Raw {
    pub env: String,
    pub listen: String,
    /// Absent: `http://` and the listen address.
    pub base_url: Option<String>,
    pub database_url: String,
    pub mail_url: String,
    pub mail_from: String,
    pub secret_key: String,
    #[serde(deserialize_with = "list")]
    pub trusted_proxies: Vec<String>,
    #[serde(deserialize_with = "number")]
    pub session_idle_minutes: u64,
    #[serde(deserialize_with = "number")]
    pub session_absolute_hours: u64,
    #[serde(deserialize_with = "flag")]
    pub run_jobs: bool,
    #[serde(deserialize_with = "flag")]
    pub deliver_mail: bool,
    #[serde(deserialize_with = "number")]
    pub access_record_days: u64,
    #[serde(deserialize_with = "number")]
    pub profile_link_days: u64,
    #[serde(deserialize_with = "number")]
    pub prospect_retention_months: u64,
    #[serde(deserialize_with = "number")]
    pub policy_mail_per_minute: u64,
    #[serde(deserialize_with = "number")]
    pub link_key_id: u64,
    #[serde(deserialize_with = "list")]
    pub previous_secret_keys: Vec<String>,
    pub site_root: PathBuf,
    pub default_language: String,
    pub time_zone: String,
    /// Absent: the demo's. No default layer under it, so that half an organisation is
    /// refused instead of completed with the demo's address and authority.
    pub organisation: Option<Organisation>,
}

impl Default for Raw {
    fn default() -> Self {
        Self {
            env: "development".into(),
            listen: "127.0.0.1:3000".into(),
            base_url: None,
            database_url: "sqlite://data/prefcentre.db?mode=rwc".into(),
            mail_url: "file:data/mail".into(),
            mail_from: DEVELOPMENT_MAIL_FROM.into(),
            secret_key: DEVELOPMENT_SECRET.into(),
            trusted_proxies: Vec::new(),
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            run_jobs: true,
            deliver_mail: true,
            access_record_days: 90,
            profile_link_days: 90,
            prospect_retention_months: 6,
            policy_mail_per_minute: 120,
            link_key_id: 1,
            previous_secret_keys: Vec::new(),
            site_root: default_site_root(),
            default_language: "en".into(),
            time_zone: "Europe/Copenhagen".into(),
            organisation: None,
        }
    }
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

/// The merged layers, and the file among them (for messages).
pub(super) struct Layers {
    figment: Figment,
    file: Option<PathBuf>,
}

impl Layers {
    pub fn merge(sources: &Sources<'_>) -> Result<Self, ConfigError> {
        let file = match sources.file {
            Some(path) => Some(path.to_owned()),
            None => Some(PathBuf::from(DEFAULT_CONFIG_FILE)).filter(|path| path.exists()),
        };
        let mut figment = Figment::from(Serialized::defaults(Raw::default()));
        if let Some(path) = &file {
            figment = figment.merge(Toml::string(&read_file(path)?));
        }
        Ok(Self {
            figment: figment.merge(Variables(sources.env)),
            file,
        })
    }

    pub fn extract(&self) -> Result<Raw, ConfigError> {
        self.figment.extract().map_err(|err| self.error(err))
    }

    /// `key` as the operator wrote it: its variable when the environment set it, else the
    /// file's key (the defaults are never the culprit).
    pub fn spelled(&self, key: &str) -> String {
        match self.figment.find_metadata(key) {
            Some(metadata) if metadata.name == ENVIRONMENT => variable(key),
            _ => key.to_owned(),
        }
    }

    fn error(&self, err: figment::Error) -> ConfigError {
        // A list's items add their index to the path; the key is the list's.
        let key = err
            .path
            .iter()
            .filter(|part| part.parse::<usize>().is_err())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(".");
        match (&err.kind, &self.file) {
            // Only the file can hold a key that is not ours: the environment layer reads
            // ours alone. Worded as serde words it, as when the file was read on its own.
            (Kind::UnknownField(field, expected), Some(path)) => ConfigError::File {
                path: path.display().to_string(),
                cause: <de::value::Error as de::Error>::unknown_field(field, expected).to_string(),
            },
            // A table's key unset in every layer: either layer may supply it.
            (Kind::MissingField(field), _) => {
                let key = if key.is_empty() {
                    field.to_string()
                } else {
                    format!("{key}.{field}")
                };
                let reason = format!("missing; set it in the file or as {}", variable(&key));
                invalid(key, reason)
            }
            (kind, _) => {
                let from_environment = err
                    .metadata
                    .as_ref()
                    .is_some_and(|metadata| metadata.name == ENVIRONMENT);
                let key = if from_environment {
                    variable(&key)
                } else {
                    key
                };
                invalid(key, kind.to_string())
            }
        }
    }
}

/// Reads and parses the file here rather than in figment, so that a missing file named by
/// `--config` is an error and a syntax error names the file.
fn read_file(path: &Path) -> Result<String, ConfigError> {
    let failed = |cause: String| ConfigError::File {
        path: path.display().to_string(),
        cause,
    };
    let text = std::fs::read_to_string(path).map_err(|err| failed(err.to_string()))?;
    Toml::from_str::<Dict>(&text).map_err(|err| failed(err.message().to_owned()))?;
    Ok(text)
}

/// The name of the environment layer, by which a value is known to have come from it.
const ENVIRONMENT: &str = "environment variables";

/// The environment layer: the variable of each key in [`KEYS`], through the lookup of
/// [`Sources`]. figment's own `Env` reads the process environment only, and tests pass a
/// map.
struct Variables<'a>(&'a dyn Fn(&str) -> Option<String>);

impl Provider for Variables<'_> {
    fn metadata(&self) -> Metadata {
        Metadata::named(ENVIRONMENT)
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        let mut dict = Dict::new();
        for key in KEYS {
            if let Some(value) = (self.0)(&variable(key)).filter(|value| !value.is_empty()) {
                insert(&mut dict, key, Value::from(value));
            }
        }
        Ok(Profile::Default.collect(dict))
    }
}

/// Puts `value` at a dotted key, making the tables on the way.
fn insert(dict: &mut Dict, key: &str, value: Value) {
    match key.split_once('.') {
        None => {
            dict.insert(key.to_owned(), value);
        }
        Some((table, rest)) => {
            let table = dict
                .entry(table.to_owned())
                .or_insert_with(|| Dict::new().into());
            if let Value::Dict(_, table) = table {
                insert(table, rest, value);
            }
        }
    }
}

// The environment gives text where the file gives numbers, booleans and arrays; these read
// either, so both layers are held to the same words.

/// A whole number: an integer, or text of one.
fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    struct Number;
    impl Visitor<'_> for Number {
        type Value = u64;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a whole number")
        }
        fn visit_u64<E: de::Error>(self, value: u64) -> Result<u64, E> {
            Ok(value)
        }
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<u64, E> {
            u64::try_from(value)
                .map_err(|_| E::custom(format!("expected a whole number, got {value}")))
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<u64, E> {
            value
                .parse()
                .map_err(|_| E::custom(format!("expected a whole number, got {value:?}")))
        }
    }
    deserializer.deserialize_any(Number)
}

/// True or false: a boolean, or `true`/`1`/`yes`, `false`/`0`/`no` as text.
fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    struct Flag;
    impl Visitor<'_> for Flag {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("true or false")
        }
        fn visit_bool<E: de::Error>(self, value: bool) -> Result<bool, E> {
            Ok(value)
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<bool, E> {
            match value {
                "true" | "1" | "yes" => Ok(true),
                "false" | "0" | "no" => Ok(false),
                _ => Err(E::custom(format!("expected true or false, got {value:?}"))),
            }
        }
    }
    deserializer.deserialize_any(Flag)
}

/// A list of text: an array, or items separated by commas.
fn list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct List;
    impl<'de> Visitor<'de> for List {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array of strings or a comma-separated string")
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<Vec<String>, E> {
            Ok(value
                .split(',')
                .map(|item| item.trim().to_owned())
                .collect())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Vec<String>, A::Error> {
            let mut list = Vec::new();
            while let Some(item) = items.next_element()? {
                list.push(item);
            }
            Ok(list)
        }
    }
    deserializer.deserialize_any(List)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key added to [`Raw`] or to the organisation is settable from the environment only
    /// once it is in [`KEYS`].
    #[test]
    fn every_key_is_read_from_the_environment() {
        let mut keys: Vec<String> = Value::serialize(Raw::default())
            .unwrap()
            .into_dict()
            .unwrap()
            .into_keys()
            .filter(|key| key != "organisation")
            .collect();
        let organisation = Value::serialize(Organisation::demo()).unwrap();
        keys.extend(
            organisation
                .into_dict()
                .unwrap()
                .into_keys()
                .map(|key| format!("organisation.{key}")),
        );
        keys.sort();
        let mut known: Vec<String> = KEYS.iter().map(|key| (*key).to_owned()).collect();
        known.sort();
        assert_eq!(keys, known);
    }
}
