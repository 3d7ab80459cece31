//! The `prefcentre` binary as an operator uses it.

use crate::common;

use std::process::Command;

use common::{Backend, TestDatabase};

fn prefcentre(database_url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prefcentre"));
    let folder = tempfile::tempdir().unwrap().keep();
    command
        .current_dir(&folder)
        .env_clear()
        .env("DATABASE_URL", database_url)
        .env("PREFCENTRE_LOG", "error");
    command
}

#[test]
fn serve_with_an_unreachable_database_exits_with_one_clear_line() {
    let output = prefcentre("postgres://prefcentre:secret@127.0.0.1:1/prefcentre")
        .arg("serve")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(
            "prefcentre: cannot reach the database at postgres://prefcentre:***@127.0.0.1:1/"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("secret"));
    assert!(!stderr.contains("panicked"));
}

#[test]
fn a_bad_setting_is_named_and_nothing_starts() {
    let output = prefcentre("sqlite://x.db")
        .env("PREFCENTRE_LISTEN", "somewhere")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("prefcentre: invalid PREFCENTRE_LISTEN:"),
        "{stderr}"
    );
}

#[test]
fn the_demo_is_never_seeded_in_production() {
    for args in [&["seed-demo"][..], &["serve", "--seed-demo"][..]] {
        let output = prefcentre("sqlite://demo.db?mode=rwc")
            .env("PREFCENTRE_ENV", "production")
            .env(
                "PREFCENTRE_SECRET_KEY",
                "a-long-random-secret-for-production-use-0123456789",
            )
            .env(
                "PREFCENTRE_MAIL_URL",
                "smtp://mailer:pw@smtp.example.com:587",
            )
            .env("PREFCENTRE_MAIL_FROM", "Example Ltd <privacy@example.com>")
            .env("PREFCENTRE_BASE_URL", "https://prefs.example.com")
            .args(args)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("refusing to seed the demo in production"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn production_with_development_settings_refuses_to_start() {
    let output = prefcentre("sqlite://x.db")
        .env("PREFCENTRE_ENV", "production")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("prefcentre: refusing to start in production:"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1);
}

#[tokio::test]
async fn migrate_then_seed_demo_on_sqlite_creates_data_in_the_data_folder() {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let run = |args: &[&str]| prefcentre(&database.url).args(args).output().unwrap();

    let migrate = run(&["migrate"]);
    assert!(
        migrate.status.success(),
        "{}",
        String::from_utf8_lossy(&migrate.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&migrate.stdout),
        "database is up to date\n"
    );

    let seed = run(&["seed-demo"]);
    assert!(
        seed.status.success(),
        "{}",
        String::from_utf8_lossy(&seed.stderr)
    );
    let printed = String::from_utf8(seed.stdout).unwrap();
    assert!(
        printed.contains("account holder: ada.lindqvist@example.com, password \"demo passphrase for Ada\", customer with two event registrations (created)"),
        "{printed}"
    );
    assert!(printed.contains("newsletter-only recipient: jonas.berg@example.net, signs in with an e-mailed link (created)"));
    assert!(printed.contains("staff (support): sam.support@example.com (created)"));
}

#[test]
fn the_default_database_lives_in_a_data_folder_created_on_first_run() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prefcentre"));
    let folder = tempfile::tempdir().unwrap();
    let output = command
        .current_dir(folder.path())
        .env_clear()
        .env("PREFCENTRE_LOG", "error")
        .arg("migrate")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(folder.path().join("data").join("prefcentre.db").exists());
}

/// The sender commands an operator runs: links, a key, an import twice, the audience.
#[tokio::test]
async fn sender_commands_print_links_keys_imports_and_the_audience() {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let run = |args: &[&str]| prefcentre(&database.url).args(args).output().unwrap();
    let stdout =
        |output: &std::process::Output| String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(run(&["seed-demo"]).status.success());

    let link = run(&[
        "link",
        "--email",
        "jonas.berg@example.net",
        "--topic",
        "newsletter",
    ]);
    assert!(
        link.status.success(),
        "{}",
        String::from_utf8_lossy(&link.stderr)
    );
    let printed = stdout(&link);
    assert!(
        printed.contains("profile link:       http://127.0.0.1:3000/p?t="),
        "{printed}"
    );
    assert!(
        printed.contains("unsubscribe URL:    http://127.0.0.1:3000/u?t="),
        "{printed}"
    );
    assert!(
        printed.contains("List-Unsubscribe: <http://127.0.0.1:3000/u?t="),
        "{printed}"
    );
    assert!(printed.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    let unknown = run(&[
        "link",
        "--email",
        "jonas.berg@example.net",
        "--topic",
        "nope",
    ]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no such topic: nope"));

    let key = run(&["api-key", "create", "--scope", "read:audience,write:events"]);
    assert!(key.status.success());
    let key = stdout(&key);
    assert!(
        key.trim().starts_with("pc_") && key.trim().len() == 56,
        "{key}"
    );
    let bad_scope = run(&["api-key", "create", "--scope", "admin"]);
    assert!(!bad_scope.status.success());
    assert!(String::from_utf8_lossy(&bad_scope.stderr).contains("unknown scope \"admin\""));

    let csv = database.folder().join("recipients.csv");
    std::fs::write(
        &csv,
        "email,name,topics,source,consented_at\n\
         new.reader@example.org,New Reader,newsletter,webinar sign-up,2024-05-01\n\
         not an address,Someone,newsletter,fair,2024-05-01\n",
    )
    .unwrap();
    let csv = csv.to_str().unwrap();
    let first = run(&["import", csv]);
    assert!(
        !first.status.success(),
        "a refused row makes the exit code say so"
    );
    let report = stdout(&first);
    assert!(
        report.starts_with("2 rows: 1 people created, 1 consents recorded, 0 skipped, 1 errors"),
        "{report}"
    );
    assert!(report.contains("row 3: error:"), "{report}");
    let again = stdout(&run(&["import", csv]));
    assert!(
        again.starts_with("2 rows: 0 people created, 0 consents recorded, 0 skipped, 1 errors"),
        "{again}"
    );

    let audience = run(&["audience", "--topic", "newsletter"]);
    assert!(audience.status.success());
    let audience = stdout(&audience);
    assert!(audience.starts_with("email,name,language,profile_url,list_unsubscribe"));
    assert!(
        audience.contains("\nnew.reader@example.org,New Reader,"),
        "{audience}"
    );
    assert!(audience.contains("\njonas.berg@example.net,"), "{audience}");
}

/// The rights and staff commands an operator runs: the first staff member, the purge, policy
/// versions, the record of processing.
#[tokio::test]
async fn rights_commands_purge_publish_policies_and_keep_the_record_of_processing() {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let run = |args: &[&str]| prefcentre(&database.url).args(args).output().unwrap();
    let stdout =
        |output: &std::process::Output| String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr =
        |output: &std::process::Output| String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(run(&["seed-demo"]).status.success());

    let staff = run(&[
        "create-staff",
        "--email",
        "first.admin@example.com",
        "--role",
        "admin",
        "--name",
        "First Admin",
    ]);
    assert!(staff.status.success(), "{}", stderr(&staff));
    assert!(
        stdout(&staff).contains("http://127.0.0.1:3000/admin/setup?token="),
        "{}",
        stdout(&staff)
    );
    let twice = run(&[
        "create-staff",
        "--email",
        "first.admin@example.com",
        "--role",
        "admin",
    ]);
    assert!(!twice.status.success());
    assert!(
        stderr(&twice).contains("exists already"),
        "{}",
        stderr(&twice)
    );
    let bad_role = run(&["create-staff", "--email", "x@example.com", "--role", "root"]);
    assert!(stderr(&bad_role).contains("--role must be support, admin or auditor"));

    let purge = run(&["purge"]);
    assert!(purge.status.success(), "{}", stderr(&purge));
    assert!(
        stdout(&purge).contains("0 former prospects pseudonymised"),
        "{}",
        stdout(&purge)
    );

    let text = database.folder().join("policy.txt");
    std::fs::write(&text, "## Partners\nWe now name them all.\n").unwrap();
    let text = text.to_str().unwrap();
    let backdated = run(&[
        "policy",
        "publish",
        text,
        "--effective",
        "2017-01-01",
        "--summary",
        "Old",
    ]);
    assert!(!backdated.status.success());
    assert!(
        stderr(&backdated).contains("must not be before version 1"),
        "{}",
        stderr(&backdated)
    );
    let not_a_date = run(&[
        "policy",
        "publish",
        text,
        "--effective",
        "soon",
        "--summary",
        "x",
    ]);
    assert!(!not_a_date.status.success());
    assert!(stderr(&not_a_date).contains("--effective must be a date"));
    let published = run(&[
        "policy",
        "publish",
        text,
        "--effective",
        "2030-01-01",
        "--summary",
        "Partners are named.",
        "--material",
    ]);
    assert!(published.status.success(), "{}", stderr(&published));
    assert!(
        stdout(&published).contains("published version 2"),
        "{}",
        stdout(&published)
    );
    assert!(
        stdout(&published).contains("1 account holders will be told"),
        "{}",
        stdout(&published)
    );
    let list = stdout(&run(&["policy", "list"]));
    assert!(
        list.contains("2\t2030-01-01\tmaterial\tPartners are named."),
        "{list}"
    );

    let bad_basis = run(&[
        "processing",
        "add",
        "--purpose",
        "Analytics",
        "--legal-basis",
        "because",
        "--categories",
        "usage",
        "--recipients",
        "nobody",
        "--retention",
        "1 year",
    ]);
    assert!(!bad_basis.status.success());
    assert!(stderr(&bad_basis).contains("the legal basis must be one of"));
    let added = run(&[
        "processing",
        "add",
        "--purpose",
        "Fraud prevention",
        "--legal-basis",
        "legitimate interests",
        "--categories",
        "IP address",
        "--recipients",
        "Our hosting provider",
        "--transfers",
        "United States: standard contractual clauses",
        "--retention",
        "90 days",
    ]);
    assert!(added.status.success(), "{}", stderr(&added));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["processing", "export"]))).unwrap();
    let purposes: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["purpose"].as_str().unwrap())
        .collect();
    assert_eq!(purposes.len(), 5, "{purposes:?}");
    assert!(purposes.contains(&"Fraud prevention"));
    let csv = stdout(&run(&["processing", "export", "--format", "csv"]));
    assert!(
        csv.starts_with(
            "id,purpose,legal_basis,categories,recipients,transfers,retention,topic_key,created_at"
        ),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 6);
}
