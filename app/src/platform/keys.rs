//! Keys derived from the one configured secret, one per purpose, so that a value signed for
//! one use (a CSRF token, say) is worthless for another (a profile link).

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct Keys {
    csrf: [u8; 32],
    rate_limit: [u8; 32],
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
        Self {
            csrf: derive(secret, "csrf"),
            rate_limit: derive(secret, "rate-limit"),
        }
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
