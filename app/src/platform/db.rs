//! Connecting to the database and starting write transactions the same way everywhere.

use std::time::Duration;

use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

/// How long a writer waits for SQLite's single write lock before giving up. Long enough for a
/// burst of concurrent saves to queue up rather than fail with "database is locked".
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("cannot create the folder for the SQLite database {path}: {source}")]
    CreateFolder {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot reach the database at {url}: {cause}")]
    Unreachable { url: String, cause: String },
}

/// Opens a connection pool. SQLite files get write-ahead logging (readers never wait for the
/// writer), foreign keys, and a busy timeout; their folder is created on first use.
pub async fn connect(url: &str) -> Result<DatabaseConnection, ConnectError> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if is_sqlite_url(url) {
        ensure_sqlite_folder(url)?;
        options.max_connections(8).map_sqlx_sqlite_opts(|opts| {
            opts.create_if_missing(true)
                .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
        });
    } else {
        options.max_connections(16);
    }
    Database::connect(options)
        .await
        .map_err(|err| ConnectError::Unreachable {
            url: redact_url(url),
            cause: one_line(&err.to_string()),
        })
}

/// Starts a transaction that will write. On SQLite it takes the write lock at `BEGIN`
/// (`BEGIN IMMEDIATE`): a deferred transaction that reads and then writes can fail with
/// "database is locked" when another writer got there in between, and no busy timeout helps.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let mut options = TransactionOptions::default();
    if db.get_database_backend() == DbBackend::Sqlite {
        options.sqlite_transaction_mode = Some(SqliteTransactionMode::Immediate);
    }
    db.begin_with_options(options).await
}

fn is_sqlite_url(url: &str) -> bool {
    url.starts_with("sqlite:")
}

fn ensure_sqlite_folder(url: &str) -> Result<(), ConnectError> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    match std::path::Path::new(path).parent() {
        Some(folder) if !folder.as_os_str().is_empty() => {
            std::fs::create_dir_all(folder).map_err(|source| ConnectError::CreateFolder {
                path: path.to_owned(),
                source,
            })
        }
        _ => Ok(()),
    }
}

/// A database URL fit for an error message or a log: the password is replaced.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_a_database_url_is_never_shown() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db.example:5432/prefcentre"),
            "postgres://app:***@db.example:5432/prefcentre"
        );
        assert_eq!(
            redact_url("sqlite://data/prefcentre.db"),
            "sqlite://data/prefcentre.db"
        );
    }

    #[tokio::test]
    async fn an_unreachable_database_is_one_readable_line() {
        let err = connect("postgres://nobody:pw@127.0.0.1:1/none")
            .await
            .unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("cannot reach the database at postgres://nobody:***@"));
        assert!(!message.contains('\n'));
    }
}
