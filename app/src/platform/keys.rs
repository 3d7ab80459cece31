//! Keys derived from the one configured secret, one per purpose, so that a value signed for
//! one use (a CSRF token, say) is worthless for another (a profile link).

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct Keys {
    csrf: [u8; 32],
    rate_limit: [u8; 32],
    webhooks: [u8; 32],
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
        Self::with_link_keys(secret, LinkKeys::derive(secret, &[], 1))
    }

    pub fn with_link_keys(secret: &[u8], links: LinkKeys) -> Self {
        Self {
            csrf: derive(secret, "csrf"),
            rate_limit: derive(secret, "rate-limit"),
            webhooks: derive(secret, "webhooks"),
            links,
        }
    }

    pub fn links(&self) -> &LinkKeys {
        &self.links
    }

    /// A webhook's signing secret: derived, so it is never stored.
    pub fn webhook_secret(&self, webhook: uuid::Uuid) -> [u8; 32] {
        sign(&self.webhooks, webhook.as_bytes())
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
