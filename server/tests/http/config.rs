//! Settings: defaults, file, environment overrides, and what production refuses.

use std::collections::HashMap;
use std::io::Write;

use prefcentre::config::{ConfigError, Environment, MailTransport, Settings, Sources};

fn load(env: &[(&str, &str)], file: Option<&str>) -> Result<Settings, ConfigError> {
    let env: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect();
    let mut temp = tempfile::NamedTempFile::new().unwrap();
    if let Some(text) = file {
        temp.write_all(text.as_bytes()).unwrap();
    }
    Settings::load(Sources {
        file: file.map(|_| temp.path()),
        env: &|key| env.get(key).cloned(),
    })
}

const PRODUCTION: [(&str, &str); 5] = [
    ("PREFCENTRE_MAIL_FROM", "Example Ltd <privacy@example.com>"),
    ("PREFCENTRE_ENV", "production"),
    (
        "PREFCENTRE_SECRET_KEY",
        "a-long-random-secret-for-production-use-0123456789",
    ),
    (
        "PREFCENTRE_MAIL_URL",
        "smtp://mailer:pw@smtp.example.com:587",
    ),
    ("PREFCENTRE_BASE_URL", "https://prefs.example.com"),
];

fn production_with(key: &str, value: &str) -> Vec<(&'static str, String)> {
    PRODUCTION
        .iter()
        .map(|(k, v)| {
            (
                *k,
                if *k == key {
                    value.to_owned()
                } else {
                    (*v).to_owned()
                },
            )
        })
        .collect()
}

fn load_owned(env: &[(&'static str, String)]) -> Result<Settings, ConfigError> {
    let borrowed: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    load(&borrowed, None)
}

#[test]
fn without_any_setting_it_runs_locally_on_sqlite_with_mail_in_files() {
    let settings = load(&[], None).unwrap();
    assert_eq!(settings.env, Environment::Development);
    assert_eq!(settings.listen.to_string(), "127.0.0.1:3000");
    assert_eq!(settings.base_url.as_str(), "http://127.0.0.1:3000/");
    assert!(settings.database_url.starts_with("sqlite://data/"));
    assert_eq!(settings.mail, MailTransport::Files("data/mail".into()));
    assert_eq!(settings.session_idle.as_secs(), 30 * 60);
    assert_eq!(settings.session_absolute.as_secs(), 12 * 3600);
    assert!(!settings.is_https());
}

#[test]
fn the_environment_overrides_the_file() {
    let file = "listen = \"127.0.0.1:4000\"\nbase_url = \"https://from-file.example\"\n";
    let settings = load(
        &[
            ("PREFCENTRE_LISTEN", "0.0.0.0:8080"),
            (
                "PREFCENTRE_SECRET_KEY",
                "a-long-random-secret-for-this-test-0123456789",
            ),
        ],
        Some(file),
    )
    .unwrap();
    assert_eq!(settings.listen.to_string(), "0.0.0.0:8080");
    assert_eq!(settings.base_url.as_str(), "https://from-file.example/");
}

#[test]
fn the_organisation_comes_from_the_file() {
    let file = "[organisation]\nname = \"Example AB\"\npostal_address = \"Storgatan 1, Stockholm\"\n\
                privacy_email = \"dpo@example.se\"\nsupervisory_authority = \"IMY\"\n\
                supervisory_authority_url = \"https://www.imy.se\"\n";
    let settings = load(&[], Some(file)).unwrap();
    assert_eq!(settings.organisation.name, "Example AB");
    assert_eq!(settings.organisation.supervisory_authority, "IMY");
}

#[test]
fn the_organisation_comes_from_the_environment_over_the_file() {
    let file = "[organisation]\nname = \"Example AB\"\npostal_address = \"Storgatan 1, Stockholm\"\n\
                privacy_email = \"dpo@example.se\"\nsupervisory_authority = \"IMY\"\n\
                supervisory_authority_url = \"https://www.imy.se\"\n";
    let settings = load(
        &[
            ("PREFCENTRE_ORGANISATION__NAME", "Example Oy"),
            (
                "PREFCENTRE_ORGANISATION__SUPERVISORY_AUTHORITY",
                "Tietosuojavaltuutettu",
            ),
        ],
        Some(file),
    )
    .unwrap();
    assert_eq!(settings.organisation.name, "Example Oy");
    assert_eq!(
        settings.organisation.supervisory_authority,
        "Tietosuojavaltuutettu"
    );
    assert_eq!(
        settings.organisation.postal_address, "Storgatan 1, Stockholm",
        "what the environment leaves out comes from the file"
    );

    let settings = load(
        &[
            ("PREFCENTRE_ORGANISATION__NAME", "Example Oy"),
            (
                "PREFCENTRE_ORGANISATION__POSTAL_ADDRESS",
                "Esimerkkikatu 1, Helsinki",
            ),
            ("PREFCENTRE_ORGANISATION__PRIVACY_EMAIL", "dpo@example.fi"),
            (
                "PREFCENTRE_ORGANISATION__SUPERVISORY_AUTHORITY",
                "Tietosuojavaltuutettu",
            ),
            (
                "PREFCENTRE_ORGANISATION__SUPERVISORY_AUTHORITY_URL",
                "https://tietosuoja.fi",
            ),
        ],
        None,
    )
    .unwrap();
    assert_eq!(settings.organisation.privacy_email, "dpo@example.fi");
    assert_eq!(
        settings.organisation.supervisory_authority_url,
        "https://tietosuoja.fi"
    );

    // Half an organisation is refused rather than completed with the demo's.
    let err = load(&[("PREFCENTRE_ORGANISATION__NAME", "Example Oy")], None).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid organisation.postal_address:"),
        "{err}"
    );
}

#[test]
fn a_bad_value_in_the_environment_names_the_variable() {
    for (key, value) in [
        ("PREFCENTRE_RUN_JOBS", "perhaps"),
        ("PREFCENTRE_DELIVER_MAIL", "sometimes"),
        ("PREFCENTRE_SESSION_ABSOLUTE_HOURS", "-1"),
        ("PREFCENTRE_ACCESS_RECORD_DAYS", "0"),
        ("PREFCENTRE_PROFILE_LINK_DAYS", "a week"),
        ("PREFCENTRE_PROSPECT_RETENTION_MONTHS", "121"),
        ("PREFCENTRE_POLICY_MAIL_PER_MINUTE", "1e3"),
        ("PREFCENTRE_LINK_KEY_ID", "256"),
        ("PREFCENTRE_PREVIOUS_SECRET_KEYS", "short"),
        ("PREFCENTRE_MAIL_FROM", "nobody"),
    ] {
        let err = load(&[(key, value)], None).unwrap_err();
        assert!(
            err.to_string().starts_with(&format!("invalid {key}:")),
            "{key}={value}: {err}"
        );
    }
    // An empty variable counts as unset: the file's value stands.
    let settings = load(
        &[("PREFCENTRE_LISTEN", "")],
        Some("listen = \"127.0.0.1:4000\"\n"),
    )
    .unwrap();
    assert_eq!(settings.listen.to_string(), "127.0.0.1:4000");
}

#[test]
fn a_bad_value_is_reported_with_the_key_it_came_from() {
    let err = load(&[("PREFCENTRE_LISTEN", "everywhere")], None).unwrap_err();
    assert!(
        err.to_string().starts_with("invalid PREFCENTRE_LISTEN:"),
        "{err}"
    );

    let err = load(&[], Some("listen = \"nowhere\"\n")).unwrap_err();
    assert!(err.to_string().starts_with("invalid listen:"), "{err}");

    for (key, value) in [
        ("PREFCENTRE_BASE_URL", "ftp://prefs.example.com"),
        ("PREFCENTRE_BASE_URL", "https://prefs.example.com/sub/path"),
        ("DATABASE_URL", "mysql://localhost/prefs"),
        ("PREFCENTRE_MAIL_URL", "carrier-pigeon://loft"),
        ("PREFCENTRE_SECRET_KEY", "short"),
        ("PREFCENTRE_ENV", "staging"),
        ("PREFCENTRE_TRUSTED_PROXIES", "10.0.0.0/8,not-an-ip"),
        ("PREFCENTRE_SESSION_IDLE_MINUTES", "soon"),
    ] {
        let err = load(&[(key, value)], None).unwrap_err();
        assert!(
            err.to_string().starts_with(&format!("invalid {key}:")),
            "{key}={value}: {err}"
        );
    }
}

#[test]
fn a_bad_value_in_the_file_names_the_file_key() {
    for (key, text) in [
        ("run_jobs", "run_jobs = \"perhaps\"\n"),
        ("access_record_days", "access_record_days = 0\n"),
        ("session_idle_minutes", "session_idle_minutes = -5\n"),
        ("trusted_proxies", "trusted_proxies = [\"10.0.0.0/8\", 7]\n"),
        (
            "previous_secret_keys",
            "previous_secret_keys = [\"short\"]\n",
        ),
        ("organisation.name", "[organisation]\nname = 5\n"),
    ] {
        let err = load(&[], Some(text)).unwrap_err();
        assert!(
            err.to_string().starts_with(&format!("invalid {key}:")),
            "{text}: {err}"
        );
    }
    let err = load(&[], Some("listen = \n")).unwrap_err();
    assert!(
        err.to_string().starts_with("cannot read the config file"),
        "{err}"
    );
}

#[test]
fn the_development_secret_is_refused_wherever_the_deployment_is_real() {
    for (key, value) in [
        ("PREFCENTRE_BASE_URL", "https://prefs.example.com"),
        (
            "PREFCENTRE_MAIL_URL",
            "smtp://mailer:pw@smtp.example.com:587",
        ),
    ] {
        let err = load(&[(key, value)], None).unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("refusing to start: PREFCENTRE_SECRET_KEY is the development default"),
            "{text}"
        );
        assert!(text.contains(key), "{text}");
        let own = load(
            &[
                (key, value),
                (
                    "PREFCENTRE_SECRET_KEY",
                    "a-long-random-secret-for-this-test-0123456789",
                ),
            ],
            None,
        );
        assert!(own.is_ok(), "{key}: a secret of its own is enough");
    }
    assert!(
        load(&[("PREFCENTRE_MAIL_URL", "smtp://127.0.0.1:2525")], None).is_ok(),
        "a local sink is development"
    );
}

#[test]
fn an_unknown_key_in_the_file_is_refused() {
    let err = load(&[], Some("lisen = \"127.0.0.1:3000\"\n")).unwrap_err();
    assert!(err.to_string().contains("unknown field `lisen`"), "{err}");
}

#[test]
fn trusted_proxies_accept_addresses_and_ranges() {
    let settings = load(
        &[("PREFCENTRE_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7")],
        None,
    )
    .unwrap();
    assert_eq!(settings.trusted_proxies.len(), 2);
    assert!(
        settings.trusted_proxies[1].contains(&"192.168.1.7".parse::<std::net::IpAddr>().unwrap())
    );
}

#[test]
fn production_starts_with_safe_settings() {
    let settings = load_owned(&production_with("", "")).unwrap();
    assert_eq!(settings.env, Environment::Production);
    assert!(settings.is_https());
}

#[test]
fn production_refuses_the_development_secret() {
    let env: Vec<_> = production_with("", "")
        .into_iter()
        .filter(|(k, _)| *k != "PREFCENTRE_SECRET_KEY")
        .collect();
    let err = load_owned(&env).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("refusing to start in production: PREFCENTRE_SECRET_KEY"),
        "{err}"
    );
}

#[test]
fn production_refuses_mail_written_to_files() {
    let err = load_owned(&production_with("PREFCENTRE_MAIL_URL", "file:/tmp/mail")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("refusing to start in production: PREFCENTRE_MAIL_URL"),
        "{err}"
    );
}

#[test]
fn production_refuses_a_plain_http_base_url() {
    let err = load_owned(&production_with(
        "PREFCENTRE_BASE_URL",
        "http://prefs.example.com",
    ))
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("refusing to start in production: PREFCENTRE_BASE_URL"),
        "{err}"
    );
}

#[test]
fn production_refuses_the_development_sender() {
    let env: Vec<_> = production_with("", "")
        .into_iter()
        .filter(|(k, _)| *k != "PREFCENTRE_MAIL_FROM")
        .collect();
    let err = load_owned(&env).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("refusing to start in production: PREFCENTRE_MAIL_FROM"),
        "{err}"
    );
}

#[test]
fn a_sender_that_is_not_an_address_is_refused() {
    let err = load(&[("PREFCENTRE_MAIL_FROM", "nobody")], None).unwrap_err();
    assert!(
        err.to_string().starts_with("invalid PREFCENTRE_MAIL_FROM:"),
        "{err}"
    );
}

#[test]
fn the_secret_never_appears_in_debug_output() {
    let settings = load_owned(&production_with("", "")).unwrap();
    let shown = format!("{settings:?}");
    assert!(!shown.contains("a-long-random-secret"));
    assert!(!shown.contains("mailer:pw"));
}
