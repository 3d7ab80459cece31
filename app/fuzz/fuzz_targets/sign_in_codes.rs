//! What a visitor types or posts to prove who they are, besides a password: staff sign-in
//! codes (TOTP) and CSRF tokens. Never a panic; a code passes only if it is the code of the
//! step it passed for, one step either side of now at most; a CSRF token only for its cookie.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prefcentre_app::admin::sign_in::totp;
use prefcentre_app::platform::csrf;

/// A fixed secret (base32, as stored): a fuzz run must replay the same way.
const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const SECRET_BYTES: &[u8] = b"Hello!\xde\xad\xbe\xefHello!\xde\xad\xbe\xef";

fuzz_target!(|input: (String, String, String, i32)| {
    let (code, secret, cookie, seconds) = input;
    let now = 1_700_000_000 + i64::from(seconds);
    let step_now = totp::step_of(now);

    // Any text as a code, under any text as a stored secret.
    if let Some(step) = totp::verify(&secret, &code, now, None) {
        assert!((step_now - 1..=step_now + 1).contains(&step));
    }
    // Under a real secret, a code passes only as the code of its step.
    if let Some(step) = totp::verify(SECRET, &code, now, None) {
        assert!((step_now - 1..=step_now + 1).contains(&step));
        let typed: String = code.trim().replace(' ', "");
        assert_eq!(typed, format!("{:06}", totp::code_at(SECRET_BYTES, step)));
        // And never twice.
        assert_eq!(totp::verify(SECRET, &code, now, Some(step_now + 1)), None);
    }
    let right = format!("{:06}", totp::code_at(SECRET_BYTES, step_now));
    assert!(totp::verify(SECRET, &right, now, None).is_some(), "the right code was refused");

    let key = b"fuzzing csrf key";
    let _ = csrf::is_valid(key, &cookie, &code);
    let token = csrf::token_for(key, &cookie).0;
    assert!(csrf::is_valid(key, &cookie, &token));
    if cookie != secret {
        assert!(!csrf::is_valid(key, &secret, &token), "a token passed for another cookie");
    }
});
