//! Time-based one-time passwords (RFC 6238) as authenticator apps compute them: HMAC-SHA-1,
//! 30-second steps, six digits. A code is accepted one step either side of now (clock drift),
//! and never twice: the caller stores the last step used.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
const DIGITS: u32 = 6;
/// 160 bits, the size RFC 4226 recommends for the shared secret.
const SECRET_BYTES: usize = 20;

/// A new shared secret, base32 as authenticator apps take it.
pub fn new_secret() -> String {
    let mut bytes = [0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    data_encoding::BASE32_NOPAD.encode(&bytes)
}

fn decode(secret: &str) -> Option<Vec<u8>> {
    data_encoding::BASE32_NOPAD
        .decode(secret.trim_end_matches('=').as_bytes())
        .ok()
}

/// The code for `step` (Unix time / 30).
pub fn code_at(secret: &[u8], step: i64) -> u32 {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        return u32::MAX;
    };
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[digest.len() - 1] & 0x0f) as usize;
    let binary = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    binary % 10u32.pow(DIGITS)
}

pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The step `code` belongs to, if it is right for now give or take one step and newer than
/// `last_used` (a code works once).
pub fn verify(secret: &str, code: &str, unix_seconds: i64, last_used: Option<i64>) -> Option<i64> {
    let code = code.trim().replace(' ', "");
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let wanted: u32 = code.parse().ok()?;
    let secret = decode(secret)?;
    let now = step_of(unix_seconds);
    (now - 1..=now + 1)
        .filter(|step| last_used.is_none_or(|used| *step > used))
        .find(|step| code_at(&secret, *step) == wanted)
}

/// The `otpauth://` URI an authenticator app reads (typed in, or from a QR code).
pub fn provisioning_uri(issuer: &str, account: &str, secret: &str) -> String {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period=30",
        enc(issuer),
        enc(account),
        enc(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B (SHA-1, secret "12345678901234567890"), last six digits.
    #[test]
    fn codes_match_the_rfc_test_vectors() {
        let secret = b"12345678901234567890";
        for (time, code) in [
            (59, 287_082),
            (1_111_111_109, 81_804),
            (1_111_111_111, 50_471),
            (1_234_567_890, 5_924),
            (2_000_000_000, 279_037),
            (20_000_000_000, 353_130),
        ] {
            assert_eq!(code_at(secret, step_of(time)), code, "at {time}");
        }
    }

    #[test]
    fn a_code_works_within_one_step_and_only_once() {
        let secret = new_secret();
        let raw = decode(&secret).unwrap();
        let now = 1_700_000_000;
        let code = format!("{:06}", code_at(&raw, step_of(now)));
        let step = verify(&secret, &code, now, None).expect("right now");
        assert_eq!(
            verify(&secret, &code, now + 30, None),
            Some(step),
            "a step late"
        );
        assert_eq!(verify(&secret, &code, now + 90, None), None, "too late");
        assert_eq!(verify(&secret, &code, now, Some(step)), None, "replayed");
        assert_eq!(verify(&secret, "12345", now, None), None);
        assert_eq!(verify(&secret, "abcdef", now, None), None);
    }
}
