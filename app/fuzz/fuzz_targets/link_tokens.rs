//! Newsletter link tokens: any text decodes to a token or to nothing, never a panic; a token
//! issued decodes to what was issued; and no change to a token passes for a genuine one.
#![no_main]

use chrono::DateTime;
use libfuzzer_sys::fuzz_target;
use prefcentre_app::platform::newsletter_links::{Scope, issue, verify};
use prefcentre_app::platform::keys::LinkKeys;
use uuid::Uuid;

fuzz_target!(|input: (String, [u8; 16], u32, Option<String>, u16, u8)| {
    let (text, person, issued, topic, position, replacement) = input;
    let keys = LinkKeys::derive(b"fuzzing secret", &[b"an earlier secret".to_vec()], 2);

    let _ = verify(&keys, &text);

    let person_id = Uuid::from_bytes(person);
    let issued_at = DateTime::from_timestamp(i64::from(issued), 0).unwrap();
    // Topic keys are short identifiers (the token is refused past 200 characters).
    let scope = match topic {
        Some(topic) if topic.len() <= 64 => Scope::Unsubscribe { topic },
        _ => Scope::Manage,
    };
    let token = issue(&keys, person_id, scope.clone(), issued_at);
    let decoded = verify(&keys, &token).expect("a token just issued verifies");
    assert_eq!((decoded.person_id, decoded.scope, decoded.issued_at), (person_id, scope, issued_at));

    let mut altered = token.clone().into_bytes();
    let at = usize::from(position) % altered.len();
    altered[at] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        [usize::from(replacement) % 64];
    let altered = String::from_utf8(altered).unwrap();
    if altered != token {
        assert_eq!(verify(&keys, &altered), None, "an altered token was accepted");
    }
});
