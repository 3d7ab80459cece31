//! From the merged layers to [`Settings`]: each value checked, an error naming the key as
//! its layer spells it, then what production (or a real deployment in development's
//! clothes) refuses.

use std::net::{IpAddr, SocketAddr};
use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::time::Duration;

use ipnet::IpNet;
use prefcentre_app::domain::organisation::Organisation;
use url::Url;

use super::sources::Layers;
use super::{
    ConfigError, DEVELOPMENT_MAIL_FROM, DEVELOPMENT_SECRET, Environment, MailTransport, SecretKey,
    Settings, invalid,
};

pub(super) fn settings(layers: &Layers) -> Result<Settings, ConfigError> {
    let raw = layers.extract()?;
    // Each check gives the reason; this names the key it was about.
    let at = |key: &'static str| move |reason: String| invalid(layers.spelled(key), reason);

    let env = match raw.env.as_str() {
        "development" => Environment::Development,
        "production" => Environment::Production,
        other => {
            return Err(at("env")(format!(
                "expected development or production, got {other:?}"
            )));
        }
    };
    let listen: SocketAddr = raw.listen.parse().map_err(|_| {
        at("listen")(format!(
            "expected host:port such as 127.0.0.1:3000, got {:?}",
            raw.listen
        ))
    })?;
    let base_url = match &raw.base_url {
        None => Url::parse(&format!("http://{listen}")).expect("a socket address is a valid host"),
        Some(raw) => parse_base_url(raw).map_err(at("base_url"))?,
    };
    let database_url = raw.database_url;
    if !(database_url.starts_with("sqlite:")
        || database_url.starts_with("postgres://")
        || database_url.starts_with("postgresql://"))
    {
        return Err(at("database_url")(
            "expected a sqlite: or postgres:// URL".into(),
        ));
    }
    let mail = parse_mail_url(&raw.mail_url).map_err(at("mail_url"))?;
    raw.mail_from
        .parse::<lettre::message::Mailbox>()
        .map_err(|_| {
            at("mail_from")(format!(
                "expected an address such as \"Example <privacy@example.com>\", got {:?}",
                raw.mail_from
            ))
        })?;
    if raw.secret_key.len() < 32 {
        return Err(at("secret_key")(format!(
            "must be at least 32 characters, got {}",
            raw.secret_key.len()
        )));
    }
    if raw.previous_secret_keys.iter().any(|key| key.len() < 32) {
        return Err(at("previous_secret_keys")(
            "each must be at least 32 characters".into(),
        ));
    }
    let trusted_proxies = parse_networks(&raw.trusted_proxies).map_err(at("trusted_proxies"))?;

    let session_idle =
        duration(raw.session_idle_minutes, 60).map_err(at("session_idle_minutes"))?;
    let session_absolute =
        duration(raw.session_absolute_hours, 3600).map_err(at("session_absolute_hours"))?;
    if session_idle.is_zero() || session_absolute < session_idle {
        return Err(at("session_idle_minutes")(
            "must be above zero and not longer than the absolute session lifetime".into(),
        ));
    }

    let days = "must be between 1 and 3650 days";
    let settings = Settings {
        env,
        listen,
        base_url,
        database_url,
        mail,
        mail_from: raw.mail_from,
        secret_key: SecretKey(raw.secret_key.into_bytes()),
        trusted_proxies,
        session_idle,
        session_absolute,
        default_language: prefcentre_app::i18n::negotiate::from_code(&raw.default_language)
            .ok_or_else(|| format!("{:?} is not a language this build has (en, da)", raw.default_language))
            .map_err(at("default_language"))?,
        time_zone: raw
            .time_zone
            .parse::<chrono_tz::Tz>()
            .map_err(|_| format!("{:?} is not an IANA time zone such as Europe/Copenhagen", raw.time_zone))
            .map_err(at("time_zone"))?,
        access_record_days: within(raw.access_record_days, 1..=3650, days)
            .map_err(at("access_record_days"))?,
        profile_link_days: within(raw.profile_link_days, 1..=3650, days)
            .map_err(at("profile_link_days"))?,
        prospect_retention_months: within(
            raw.prospect_retention_months,
            1..=120,
            "must be between 1 and 120 months",
        )
        .map_err(at("prospect_retention_months"))?,
        policy_mail_per_minute: within(
            raw.policy_mail_per_minute,
            1..=100_000,
            "must be between 1 and 100000",
        )
        .map_err(at("policy_mail_per_minute"))?,
        link_key_id: within(raw.link_key_id, 1..=u8::MAX, "must be between 1 and 255")
            .map_err(at("link_key_id"))?,
        previous_secret_keys: raw
            .previous_secret_keys
            .into_iter()
            .map(|key| SecretKey(key.into_bytes()))
            .collect(),
        run_jobs: raw.run_jobs,
        deliver_mail: raw.deliver_mail,
        site_root: raw.site_root,
        organisation: raw.organisation.unwrap_or_else(Organisation::demo),
    };
    settings.check_production()?;
    settings.check_development_secret()?;
    Ok(settings)
}

fn parse_base_url(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|err| format!("{err}: {raw:?}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(format!("expected an http(s) URL, got {raw:?}"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err("must be an origin (scheme, host and port) without a path".into());
    }
    Ok(url)
}

fn parse_mail_url(raw: &str) -> Result<MailTransport, String> {
    if let Some(folder) = raw.strip_prefix("file:") {
        if folder.is_empty() {
            return Err("file: needs a folder, such as file:data/mail".into());
        }
        return Ok(MailTransport::Files(PathBuf::from(folder)));
    }
    let expected = || "expected file:DIR, smtp://… or smtps://…".to_owned();
    let url = Url::parse(raw).map_err(|_| expected())?;
    match url.scheme() {
        "smtp" | "smtps" if url.host().is_some() => Ok(MailTransport::Smtp(url)),
        _ => Err(expected()),
    }
}

fn parse_networks(items: &[String]) -> Result<Vec<IpNet>, String> {
    items
        .iter()
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<IpNet>()
                .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("expected IP addresses or CIDR ranges, got {item:?}"))
        })
        .collect()
}

fn within<T: TryFrom<u64> + PartialOrd>(
    value: u64,
    range: RangeInclusive<T>,
    reason: &str,
) -> Result<T, String> {
    T::try_from(value)
        .ok()
        .filter(|value| range.contains(value))
        .ok_or_else(|| reason.to_owned())
}

/// `count` units of `seconds_each` seconds; a count too large to hold is refused (an overflow
/// would otherwise panic, or wrap to a short session).
fn duration(count: u64, seconds_each: u64) -> Result<Duration, String> {
    count
        .checked_mul(seconds_each)
        .map(Duration::from_secs)
        .ok_or_else(|| "is too large".to_owned())
}

impl Settings {
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
