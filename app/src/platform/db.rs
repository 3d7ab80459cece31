//! Connecting to the database and starting write transactions the same way everywhere.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
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
/// writer), foreign keys, a busy timeout, and `synchronous=FULL`: a commit is on disk before
/// it is acknowledged, so an acknowledged withdrawal survives a power cut, not only a crash of
/// the process (NORMAL, SQLite's usual choice with WAL, may lose the last commits on power
/// loss). Their folder is created on first use; write transactions get a connection of their
/// own (see [`begin_write`]).
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
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Full)
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
///
/// SQLite has one writer at a time, so its write transactions go through a pool of one
/// connection of their own (see [`writer_for`]): waiting writers queue there holding nothing,
/// and the readers' pool stays free for pages. A queue longer than [`SQLITE_WRITE_QUEUE`], or
/// a wait longer than [`SQLITE_WRITE_WAIT`], is refused at once with [`busy`], which the server
/// answers with 503 and `Retry-After` (see [`noting_busy`]).
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let mut options = TransactionOptions::default();
    if db.get_database_backend() != DbBackend::Sqlite {
        return db.begin_with_options(options).await;
    }
    options.sqlite_transaction_mode = Some(SqliteTransactionMode::Immediate);
    let Some(writer) = writer_for(db) else {
        return db.begin_with_options(options).await;
    };
    if writer.waiting.fetch_add(1, Ordering::SeqCst) >= SQLITE_WRITE_QUEUE {
        writer.waiting.fetch_sub(1, Ordering::SeqCst);
        return Err(busy());
    }
    let begun = writer.pool.begin_with_options(options).await;
    writer.waiting.fetch_sub(1, Ordering::SeqCst);
    begun.map_err(|err| match err {
        DbErr::ConnectionAcquire(_) => busy(),
        other => other,
    })
}

/// Refreshes SQLite's planner statistics where they are missing or stale, with a bounded
/// effort (the form SQLite recommends when a connection opens); run at start-up and by a job.
pub const SQLITE_OPTIMIZE: &str = "PRAGMA optimize=0x10002";

/// Writers that may wait for SQLite's write lock at once (well under a second of work at a few
/// milliseconds a commit); more are refused straight away.
pub const SQLITE_WRITE_QUEUE: usize = 128;
/// The longest a writer waits its turn before it is refused.
pub const SQLITE_WRITE_WAIT: Duration = Duration::from_secs(5);

const BUSY: &str = "the database is busy with other writes; try again in a few seconds";

/// The error for a write refused because too many wait (the server answers 503).
pub fn busy() -> DbErr {
    note_busy();
    DbErr::Custom(BUSY.to_owned())
}

pub fn is_busy(err: &DbErr) -> bool {
    matches!(err, DbErr::Custom(message) if message == BUSY)
}

/// Whether an error's text is our own write queue's refusal (load: the writer is sound).
pub fn refused_by_write_queue(error: &str) -> bool {
    error.contains(BUSY)
}

/// Whether an error's text is SQLite's "database is locked" (`SQLITE_BUSY` family) reaching a
/// request: the busy timeout could not wait it out, so it is a stale connection, not load
/// (after a storage failure the writer can keep a stale snapshot). Nothing was written.
pub fn refused_as_locked(error: &str) -> bool {
    error.contains("database is locked")
}

tokio::task_local! {
    static REFUSED_BUSY: std::cell::Cell<bool>;
}

/// Runs `work` (a request) and says whether a write in it was refused as busy, so the server
/// can answer 503 with `Retry-After` however the handler reported the error.
pub async fn noting_busy<F: std::future::Future>(work: F) -> (F::Output, bool) {
    REFUSED_BUSY
        .scope(std::cell::Cell::new(false), async {
            let output = work.await;
            (output, REFUSED_BUSY.with(std::cell::Cell::get))
        })
        .await
}

fn note_busy() {
    let _ = REFUSED_BUSY.try_with(|refused| refused.set(true));
}

/// SQLite's own words (its result-code strings, the same in every version) for a write the
/// storage refused: a full disk or a file size limit, an I/O error, a file or file system that
/// has become read-only.
const STORAGE_REFUSALS: [&str; 4] = [
    "database or disk is full",
    "disk I/O error",
    "attempt to write a readonly database",
    "unable to open database file",
];

/// Whether an error's text says the database's storage refused a write. Errors reach the
/// server's last line of defence as text (a server function's error, a handler's 500 body),
/// so it is recognised there, in one place, and answered 503 rather than 500.
pub fn refused_by_storage(error: &str) -> bool {
    STORAGE_REFUSALS
        .iter()
        .any(|refusal| error.contains(refusal))
}

/// After a failed write: replaces the SQLite writer when the failure says it would go on
/// failing (the storage refused, or a stale lock), so every path that writes (requests, the
/// outbox worker, the job runner) recovers by itself once the cause is gone. Whether it did.
pub fn replace_writer_after(db: &DatabaseConnection, error: &str) -> bool {
    let stale = refused_by_storage(error) || refused_as_locked(error);
    if stale {
        replace_writer(db);
    }
    stale
}

/// Replaces the writer of `db`'s file with a new connection. A SQLite connection whose write
/// failed on its storage (a full disk) can go on refusing every write as "database is locked"
/// (a stale snapshot) once there is room again; a new connection writes.
fn replace_writer(db: &DatabaseConnection) {
    if db.get_database_backend() != DbBackend::Sqlite {
        return;
    }
    let Some(file) = sqlite_file(db) else { return };
    let old = WRITERS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .remove(&file);
    if let Some(old) = old {
        tracing::warn!(file = %file.display(), "replacing the SQLite writer connection after a failed write");
        // Closing waits for a transaction still running on it; nothing new starts there.
        tokio::spawn(async move { old.pool.get_sqlite_connection_pool().close().await });
    }
}

static WRITERS: LazyLock<Mutex<HashMap<PathBuf, Arc<Writer>>>> = LazyLock::new(Mutex::default);

fn sqlite_file(db: &DatabaseConnection) -> Option<PathBuf> {
    let options = db.get_sqlite_connection_pool().connect_options();
    let file = options.get_filename().to_path_buf();
    if file.as_os_str().is_empty() || file.as_os_str() == ":memory:" {
        return None;
    }
    Some(file)
}

/// The write side of a SQLite database file: one connection, and how many wait for it.
struct Writer {
    pool: DatabaseConnection,
    waiting: AtomicUsize,
}

/// The writer of `db`'s file, made on first use from the same connection options (WAL,
/// foreign keys, busy timeout). One per file in the process, however many pools open it: they
/// all share SQLite's one write lock. `None` for an in-memory database.
fn writer_for(db: &DatabaseConnection) -> Option<Arc<Writer>> {
    let file = sqlite_file(db)?;
    let options = db.get_sqlite_connection_pool().connect_options();
    let mut writers = WRITERS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let writer = writers.entry(file).or_insert_with(|| {
        let pool = sea_orm::sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(0)
            .acquire_timeout(SQLITE_WRITE_WAIT)
            .idle_timeout(Duration::from_secs(60))
            .connect_lazy_with((*options).clone());
        Arc::new(Writer {
            pool: sea_orm::SqlxSqliteConnector::from_sqlx_sqlite_pool(pool),
            waiting: AtomicUsize::new(0),
        })
    });
    Some(writer.clone())
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

    #[test]
    fn storage_refusals_are_told_from_other_failures() {
        assert!(refused_by_storage(
            "Execution Error: error returned from database: (code: 13) database or disk is full"
        ));
        assert!(refused_by_storage(
            "Query Error: error returned from database: (code: 8) attempt to write a readonly database"
        ));
        assert!(!refused_by_storage("UNIQUE constraint failed: people.email"));
        assert!(!refused_by_storage(BUSY));
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
