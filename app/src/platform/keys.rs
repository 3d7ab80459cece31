//! Keys derived from the one configured secret, one per purpose, so that a value signed for
//! one use (a CSRF token, say) is worthless for another (a profile link).

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct Keys {
    csrf: [u8; 32],
    rate_limit: [u8; 32],
    /// Sealing keys (see `sealed`), the current secret's first, then previous secrets'.
    sealing: Vec<[u8; 32]>,
    /// Keys of the keyed hash of staff recovery codes, in the same order.
    recovery: Vec<[u8; 32]>,
    links: LinkKeys,
}

/// The keys of newsletter links: one per key id, derived from the current secret and from any
/// previous secrets still configured. New links are signed with the current key id.
#[derive(Clone)]
pub struct LinkKeys {
    current: u8,
    /// (key id, key), the current secret's first.
    ring: Vec<(u8, [u8; 32])>,
}

impl LinkKeys {
    pub fn derive(secret: &[u8], previous_secrets: &[Vec<u8>], current: u8) -> Self {
        let current = current.max(1);
        let mut ring = Vec::new();
        for secret in std::iter::once(secret).chain(previous_secrets.iter().map(Vec::as_slice)) {
            for kid in 1..=current {
                ring.push((kid, derive(secret, &format!("links/{kid}"))));
            }
        }
        Self { current, ring }
    }

    pub fn signing(&self) -> (u8, &[u8]) {
        let key = self
            .ring
            .iter()
            .find(|(kid, _)| *kid == self.current)
            .map(|(_, k)| k.as_slice())
            .unwrap_or(&[]);
        (self.current, key)
    }

    pub fn verifying(&self, kid: u8) -> impl Iterator<Item = &[u8]> {
        self.ring
            .iter()
            .filter(move |(k, _)| *k == kid)
            .map(|(_, key)| key.as_slice())
    }
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(***)")
    }
}

fn derive(secret: &[u8], purpose: &str) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(b"prefcentre/");
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().into()
}

/// HMAC-SHA-256 of `message` under `key`.
pub fn sign(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Constant-time check of a signature.
pub fn verify(key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    mac.verify_slice(signature).is_ok()
}

/// SHA-256 in lower-case hex: how tokens and session ids are stored.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Keys {
    pub fn derive_from(secret: &[u8]) -> Self {
        Self::with_link_keys(secret, &[], LinkKeys::derive(secret, &[], 1))
    }

    /// The keys of `secret`; `previous` secrets still open what they sealed and verify the
    /// recovery codes they hashed, so rotating the secret loses nothing while they are listed.
    pub fn with_link_keys(secret: &[u8], previous: &[Vec<u8>], links: LinkKeys) -> Self {
        let ring = || std::iter::once(secret).chain(previous.iter().map(Vec::as_slice));
        Self {
            csrf: derive(secret, "csrf"),
            rate_limit: derive(secret, "rate-limit"),
            sealing: ring().map(|s| derive(s, "sealing")).collect(),
            recovery: ring().map(|s| derive(s, "recovery-codes")).collect(),
            links,
        }
    }

    pub fn links(&self) -> &LinkKeys {
        &self.links
    }

    /// Seals a value the server must read back (see `sealed`).
    pub fn seal(&self, purpose: &str, plain: &[u8]) -> String {
        super::sealed::seal(&self.sealing[0], purpose, plain)
    }

    /// Opens a sealed value, under the current or a previous secret.
    pub fn open(&self, purpose: &str, sealed: &str) -> Option<Vec<u8>> {
        super::sealed::open(&self.sealing, purpose, sealed)
    }

    /// The stored form of a recovery code: a keyed hash, under the current secret.
    pub fn recovery_tag(&self, code: &str) -> String {
        hex(&sign(&self.recovery[0], code.as_bytes()))
    }

    /// Every stored form a recovery code may have (current and previous secrets).
    pub fn recovery_tags(&self, code: &str) -> Vec<String> {
        self.recovery
            .iter()
            .map(|key| hex(&sign(key, code.as_bytes())))
            .collect()
    }

    pub fn csrf(&self) -> &[u8] {
        &self.csrf
    }

    /// Rate-limit keys name addresses only through this keyed hash: the table never holds an
    /// address, known or not, in the clear.
    pub fn rate_limit_tag(&self, value: &str) -> String {
        hex(&sign(&self.rate_limit, value.as_bytes())[..16])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_purpose_gets_its_own_key() {
        let keys = Keys::derive_from(b"a secret of some length for the test");
        assert_ne!(keys.csrf, keys.rate_limit);
        assert_ne!(keys.sealing[0], keys.recovery[0]);
        let other = Keys::derive_from(b"another secret of some length, too");
        assert_ne!(keys.csrf, other.csrf);
    }

    #[test]
    fn a_signature_verifies_only_for_its_message() {
        let signature = sign(b"key", b"message");
        assert!(verify(b"key", b"message", &signature));
        assert!(!verify(b"key", b"messagE", &signature));
        assert!(!verify(b"kez", b"message", &signature));
    }
}
