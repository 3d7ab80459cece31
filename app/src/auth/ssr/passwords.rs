//! Password hashing: argon2id with the argon2 crate's defaults, which are OWASP's
//! recommendation (m = 19 MiB, t = 2, p = 1). Hashing takes tens of milliseconds of CPU, so it
//! runs on the blocking pool, and a semaphore sized to the CPUs keeps a burst of sign-ins from
//! queueing more hashes than can run at once.

use std::sync::LazyLock;

use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};
use tokio::sync::Semaphore;

use crate::domain::password::normalise_password;

static HASHING: LazyLock<Semaphore> = LazyLock::new(|| {
    Semaphore::new(
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2),
    )
});

/// A hash of a password nobody has, verified when the address is unknown so that the answer
/// takes as long as for a known address with a wrong password.
static DECOY: LazyLock<String> = LazyLock::new(|| hash_now("decoy password that is never used"));

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

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
    let _permit = HASHING
        .acquire()
        .await
        .map_err(|err| HashError(err.to_string()))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|err| HashError(err.to_string()))
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
}
