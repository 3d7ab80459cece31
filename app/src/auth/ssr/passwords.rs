//! Password hashing: argon2id with the argon2 crate's defaults, which are OWASP's
//! recommendation (m = 19 MiB, t = 2, p = 1). Hashing takes tens of milliseconds of CPU, so it
//! runs on the blocking pool, and a semaphore sized to the CPUs keeps a burst of sign-ins from
//! running more hashes than there are CPUs. The queue in front of it is bounded: past
//! [`MAX_WAITING`] hashes waiting, a request is answered "busy" at once, instead of every
//! sign-in waiting its turn until it times out (and each waiting hash holding 19 MiB later).

use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};
use tokio::sync::Semaphore;

use crate::domain::password::normalise_password;

/// Hashes allowed to wait for a CPU: a few seconds of work on two cores, at ~36 ms a hash.
pub const MAX_WAITING: usize = 32;

/// The CPUs that hash, and the bounded queue in front of them.
struct HashQueue {
    running: Semaphore,
    waiting: AtomicUsize,
    max_waiting: usize,
}

impl HashQueue {
    fn new(cpus: usize, max_waiting: usize) -> Self {
        Self {
            running: Semaphore::new(cpus),
            waiting: AtomicUsize::new(0),
            max_waiting,
        }
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let permit = match self.running.try_acquire() {
            Ok(permit) => permit,
            Err(_) => {
                if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
                    self.waiting.fetch_sub(1, Ordering::SeqCst);
                    return Err(HashError::Busy);
                }
                let permit = self.running.acquire().await;
                self.waiting.fetch_sub(1, Ordering::SeqCst);
                permit.map_err(|err| HashError::Failed(err.to_string()))?
            }
        };
        let done = tokio::task::spawn_blocking(work)
            .await
            .map_err(|err| HashError::Failed(err.to_string()));
        drop(permit);
        done
    }
}

static HASHING: LazyLock<HashQueue> = LazyLock::new(|| {
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    HashQueue::new(cpus, MAX_WAITING)
});

/// A hash of a password nobody has, verified when the address is unknown so that the answer
/// takes as long as for a known address with a wrong password.
static DECOY: LazyLock<String> = LazyLock::new(|| hash_now("decoy password that is never used"));

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// Too many hashes are waiting already: the caller answers "try again shortly".
    #[error("password hashing is busy")]
    Busy,
    #[error("password hashing failed: {0}")]
    Failed(String),
}

fn hash_now(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters hashes any input")
        .to_string()
}

async fn on_blocking_pool<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, HashError> {
    HASHING.run(work).await
}

/// The PHC string to store for an accepted new password.
pub async fn hash(password: &str) -> Result<String, HashError> {
    let password = password.to_owned();
    on_blocking_pool(move || hash_now(&password)).await
}

/// Whether `password` matches `stored`; with `stored = None` checks against the decoy (and
/// fails), taking the same time.
pub async fn verify(password: &str, stored: Option<String>) -> Result<bool, HashError> {
    let password = normalise_password(password);
    let known = stored.is_some();
    let stored = stored.unwrap_or_else(|| DECOY.clone());
    let matches = on_blocking_pool(move || {
        PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await?;
    Ok(known && matches)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_is_argon2id_with_owasp_parameters_and_verifies() {
        let stored = hash("correct horse battery staple").await.unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(
            verify("correct horse battery staple", Some(stored.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify("correct horse battery stapler", Some(stored))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        assert!(
            !verify("decoy password that is never used", None)
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn the_same_passphrase_typed_in_another_unicode_form_verifies() {
        let stored = hash(&normalise_password("caf\u{e9} au lait"))
            .await
            .unwrap();
        assert!(verify("cafe\u{301} au lait", Some(stored)).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_burst_past_the_queue_is_answered_busy_at_once() {
        // A queue of its own: the shared one serves the other tests running beside this one.
        let queue = std::sync::Arc::new(HashQueue::new(2, 8));
        let burst = 40;
        let outcomes = futures::future::join_all((0..burst).map(|_| {
            let queue = queue.clone();
            tokio::spawn(async move {
                queue
                    .run(|| std::thread::sleep(std::time::Duration::from_millis(500)))
                    .await
            })
        }))
        .await;
        let busy = outcomes
            .iter()
            .filter(|o| matches!(o, Ok(Err(HashError::Busy))))
            .count();
        let done = outcomes.iter().filter(|o| matches!(o, Ok(Ok(())))).count();
        assert_eq!(busy + done, burst);
        assert_eq!(
            done,
            2 + 8,
            "the CPUs and the queue are served, the rest told at once"
        );
    }
}
