//! Sealed values (TOTP and webhook secrets, one-time values in sessions): any text opens to
//! nothing or to a value, never a panic; a sealed value opens to itself under its purpose only.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prefcentre_app::platform::keys::Keys;

fuzz_target!(|input: (String, String, Vec<u8>)| {
    let (text, purpose, plain) = input;
    let keys = Keys::derive_from(b"fuzzing secret");

    let _ = keys.open(&purpose, &text);

    let sealed = keys.seal(&purpose, &plain);
    assert_eq!(keys.open(&purpose, &sealed), Some(plain));
    let other = format!("{purpose}!");
    assert_eq!(keys.open(&other, &sealed), None, "opened under another purpose");
});
