//! Sealing: secrets the server must read back (staff TOTP secrets, webhook signing secrets,
//! one-time values waiting in a session to be shown once) are stored encrypted with
//! XChaCha20-Poly1305 under a key derived from the server secret, so a copy of the database
//! or of a session row holds nothing usable on its own.
//!
//! A sealed value is `s1:` + URL-safe base64 of `nonce (24 bytes) ‖ ciphertext`. The purpose
//! (`"totp"`, `"webhook"`, …) is bound in as associated data, so a value sealed for one use
//! cannot be passed off as another. Keys of previous secrets (`PREFCENTRE_PREVIOUS_SECRET_KEYS`)
//! still open what they sealed, so rotating the server secret loses nothing while they are
//! configured; whatever is sealed anew uses the current key.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chacha20poly1305::{
    Key, XChaCha20Poly1305, XNonce,
    aead::{Aead, KeyInit, Payload},
};
use rand::RngCore;

const PREFIX: &str = "s1:";
const NONCE_LEN: usize = 24;

/// Seals `plain` for `purpose` under `key`.
pub fn seal(key: &[u8; 32], purpose: &str, plain: &[u8]) -> String {
    let cipher = XChaCha20Poly1305::new(Key::from_slice(key));
    let mut nonce = [0u8; NONCE_LEN];
    rand::rng().fill_bytes(&mut nonce);
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: purpose.as_bytes(),
            },
        )
        .expect("XChaCha20-Poly1305 encrypts any message that fits in memory");
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(out))
}

/// Opens a sealed value with the first key of `keys` that sealed it; `None` when none did,
/// the purpose differs, or the value was altered.
pub fn open<'a>(
    keys: impl IntoIterator<Item = &'a [u8; 32]>,
    purpose: &str,
    sealed: &str,
) -> Option<Vec<u8>> {
    let bytes = URL_SAFE_NO_PAD.decode(sealed.strip_prefix(PREFIX)?).ok()?;
    if bytes.len() < NONCE_LEN {
        return None;
    }
    let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
    keys.into_iter().find_map(|key| {
        XChaCha20Poly1305::new(Key::from_slice(key))
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: purpose.as_bytes(),
                },
            )
            .ok()
    })
}

/// Whether a stored value is sealed (older rows may still hold a plain value).
pub fn is_sealed(value: &str) -> bool {
    value.starts_with(PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 32] = [7; 32];
    const OTHER: [u8; 32] = [9; 32];

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_purpose() {
        let sealed = seal(&KEY, "totp", b"JBSWY3DPEHPK3PXP");
        assert!(is_sealed(&sealed));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(
            open([&KEY], "totp", &sealed).as_deref(),
            Some(&b"JBSWY3DPEHPK3PXP"[..])
        );
        assert_eq!(open([&OTHER], "totp", &sealed), None);
        assert_eq!(
            open([&KEY], "webhook", &sealed),
            None,
            "bound to its purpose"
        );
        assert_eq!(
            open([&OTHER, &KEY], "totp", &sealed).as_deref(),
            Some(&b"JBSWY3DPEHPK3PXP"[..]),
            "a previous key still opens it"
        );
    }

    #[test]
    fn an_altered_or_foreign_value_does_not_open() {
        let sealed = seal(&KEY, "totp", b"secret");
        let mut altered = sealed.clone().into_bytes();
        let last = altered.len() - 2;
        altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            open([&KEY], "totp", std::str::from_utf8(&altered).unwrap()),
            None
        );
        assert_eq!(open([&KEY], "totp", "plain text"), None);
        assert_eq!(open([&KEY], "totp", "s1:"), None);
    }

    #[test]
    fn sealing_twice_gives_different_values() {
        assert_ne!(seal(&KEY, "totp", b"same"), seal(&KEY, "totp", b"same"));
    }
}
