//! The `prefcentre` binary as an operator uses it.

mod common;

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
