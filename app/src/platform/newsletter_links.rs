//! Link tokens for newsletters: HMAC-signed, so a million-recipient audience needs no rows.
//!
//! A token is URL-safe base64 of `payload ‖ tag`:
//! - payload: format (1) · key id · scope · person (16 bytes) · issued at (u32, Unix seconds)
//!   · topic key (unsubscribe links only);
//! - tag: the first 16 bytes (128 bits) of HMAC-SHA-256 over the payload.
//!
//! Two scopes, each doing only its own thing (a forwarded newsletter gives no more):
//! - **manage**: the recipient's topics page. Expires (90 days by default) and is void for a
//!   person whose links were revoked after it was issued;
//! - **unsubscribe**: withdraws one topic. Never expires and is never revoked: a withdrawal
//!   from an old newsletter must always work.
//!
//! The key id lets keys rotate: new links are signed with the current id. Rotating revokes: a
//! manage link verifies only under the current secret and key id, so raising the key id or
//! changing the secret ends every profile link out there (the page offers a fresh one by
//! mail). Only unsubscribe links, which must work forever, still verify under every key id and
//! every previous secret configured.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::platform::context::AppContext;
use crate::platform::keys::{LinkKeys, sign};

const FORMAT: u8 = 1;
const TAG_LEN: usize = 16;
const HEADER_LEN: usize = 3 + 16 + 4;
const MANAGE: u8 = 1;
const UNSUBSCRIBE: u8 = 2;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Manage,
    Unsubscribe { topic: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkToken {
    pub person_id: Uuid,
    pub scope: Scope,
    pub issued_at: DateTime<Utc>,
}

pub fn issue(keys: &LinkKeys, person_id: Uuid, scope: Scope, now: DateTime<Utc>) -> String {
    let (kid, key) = keys.signing();
    let mut payload = Vec::with_capacity(HEADER_LEN + 32 + TAG_LEN);
    payload.push(FORMAT);
    payload.push(kid);
    payload.push(match scope {
        Scope::Manage => MANAGE,
        Scope::Unsubscribe { .. } => UNSUBSCRIBE,
    });
    payload.extend_from_slice(person_id.as_bytes());
    payload.extend_from_slice(
        &u32::try_from(now.timestamp())
            .unwrap_or(u32::MAX)
            .to_be_bytes(),
    );
    if let Scope::Unsubscribe { topic } = &scope {
        payload.extend_from_slice(topic.as_bytes());
    }
    let tag = sign(key, &payload);
    payload.extend_from_slice(&tag[..TAG_LEN]);
    URL_SAFE_NO_PAD.encode(payload)
}

/// Checks the signature and decodes; says nothing about expiry or revocation (see
/// [`LinkToken::usable`]).
pub fn verify(keys: &LinkKeys, token: &str) -> Option<LinkToken> {
    if token.len() > 200 {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
    if bytes.len() < HEADER_LEN + TAG_LEN || bytes[0] != FORMAT {
        return None;
    }
    let (payload, tag) = bytes.split_at(bytes.len() - TAG_LEN);
    let matches = |key: &[u8]| constant_time_eq(&sign(key, payload)[..TAG_LEN], tag);
    let genuine = match payload[2] {
        UNSUBSCRIBE => keys.verifying(payload[1]).any(matches),
        _ => {
            let (kid, key) = keys.signing();
            kid == payload[1] && matches(key)
        }
    };
    if !genuine {
        return None;
    }
    let person_id = Uuid::from_slice(&payload[3..19]).ok()?;
    let issued = u32::from_be_bytes(payload[19..23].try_into().ok()?);
    let issued_at = DateTime::from_timestamp(i64::from(issued), 0)?;
    let scope = match payload[2] {
        MANAGE if payload.len() == HEADER_LEN => Scope::Manage,
        UNSUBSCRIBE => Scope::Unsubscribe {
            topic: String::from_utf8(payload[HEADER_LEN..].to_vec()).ok()?,
        },
        _ => return None,
    };
    Some(LinkToken {
        person_id,
        scope,
        issued_at,
    })
}

impl LinkToken {
    /// Whether the link may be used now. Unsubscribe links always may.
    pub fn usable(
        &self,
        now: DateTime<Utc>,
        manage_lifetime: Duration,
        revoked_before: Option<DateTime<Utc>>,
    ) -> bool {
        match self.scope {
            Scope::Unsubscribe { .. } => true,
            Scope::Manage => {
                now < self.issued_at + manage_lifetime
                    && revoked_before.is_none_or(|revoked| self.issued_at >= revoked)
            }
        }
    }
}

/// A manage link for a person, as the newsletter footer carries it.
pub fn profile_url(ctx: &AppContext, person_id: Uuid, now: DateTime<Utc>) -> String {
    format!(
        "{}p?t={}",
        ctx.public.base_url,
        issue(ctx.keys.links(), person_id, Scope::Manage, now)
    )
}

/// The one-click unsubscribe URL of a person and topic.
pub fn unsubscribe_url(
    ctx: &AppContext,
    person_id: Uuid,
    topic: &str,
    now: DateTime<Utc>,
) -> String {
    let scope = Scope::Unsubscribe {
        topic: topic.to_owned(),
    };
    format!(
        "{}u?t={}",
        ctx.public.base_url,
        issue(ctx.keys.links(), person_id, scope, now)
    )
}

/// `List-Unsubscribe` (RFC 2369 with the RFC 8058 https URL first) and `List-Unsubscribe-Post`.
/// The `mailto:` goes to the privacy contact with the link in the subject, for mail clients
/// that only know that form.
pub fn list_unsubscribe_headers(
    ctx: &AppContext,
    person_id: Uuid,
    topic: &str,
    now: DateTime<Utc>,
) -> (String, String) {
    let url = unsubscribe_url(ctx, person_id, topic, now);
    let subject: String =
        url::form_urlencoded::byte_serialize(format!("unsubscribe {url}").as_bytes()).collect();
    let header = format!(
        "<{url}>, <mailto:{}?subject={subject}>",
        ctx.public.organisation.privacy_email
    );
    (header, "List-Unsubscribe=One-Click".to_owned())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> LinkKeys {
        LinkKeys::derive(b"a secret of a good length for tests", &[], 1)
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(seconds, 0).unwrap()
    }

    #[test]
    fn a_token_round_trips_with_its_scope() {
        let person = Uuid::now_v7();
        let token = issue(
            &keys(),
            person,
            Scope::Unsubscribe {
                topic: "newsletter".into(),
            },
            at(1_800_000_000),
        );
        let decoded = verify(&keys(), &token).unwrap();
        assert_eq!(decoded.person_id, person);
        assert_eq!(
            decoded.scope,
            Scope::Unsubscribe {
                topic: "newsletter".into()
            }
        );
        assert!(
            token.len() < 100,
            "short enough for a mail footer: {}",
            token.len()
        );
    }

    #[test]
    fn a_changed_byte_or_another_key_fails() {
        let token = issue(&keys(), Uuid::now_v7(), Scope::Manage, at(1_800_000_000));
        let mut bytes = URL_SAFE_NO_PAD.decode(&token).unwrap();
        bytes[5] ^= 1;
        assert!(verify(&keys(), &URL_SAFE_NO_PAD.encode(bytes)).is_none());
        let other = LinkKeys::derive(b"another secret of a good length!!", &[], 1);
        assert!(verify(&other, &token).is_none());
        assert!(verify(&keys(), "not a token").is_none());
    }

    #[test]
    fn a_scope_cannot_be_swapped() {
        let token = issue(
            &keys(),
            Uuid::now_v7(),
            Scope::Unsubscribe {
                topic: "surveys".into(),
            },
            at(1_800_000_000),
        );
        let mut bytes = URL_SAFE_NO_PAD.decode(&token).unwrap();
        bytes[2] = 1;
        assert!(
            verify(&keys(), &URL_SAFE_NO_PAD.encode(bytes)).is_none(),
            "the tag covers the scope"
        );
    }

    #[test]
    fn manage_links_expire_and_can_be_revoked_unsubscribe_links_never() {
        let issued = at(1_800_000_000);
        let life = Duration::days(90);
        let manage = LinkToken {
            person_id: Uuid::now_v7(),
            scope: Scope::Manage,
            issued_at: issued,
        };
        assert!(manage.usable(issued + Duration::days(89), life, None));
        assert!(!manage.usable(issued + Duration::days(91), life, None));
        assert!(!manage.usable(
            issued + Duration::days(1),
            life,
            Some(issued + Duration::hours(1))
        ));
        let unsubscribe = LinkToken {
            scope: Scope::Unsubscribe {
                topic: "newsletter".into(),
            },
            ..manage
        };
        assert!(unsubscribe.usable(
            issued + Duration::days(3650),
            life,
            Some(issued + Duration::days(1))
        ));
    }

    #[test]
    fn rotating_ends_old_profile_links_but_never_old_unsubscribe_links() {
        let old = LinkKeys::derive(b"the old secret, long enough to use", &[], 1);
        let person = Uuid::now_v7();
        let profile = issue(&old, person, Scope::Manage, at(1_800_000_000));
        let new_kid = LinkKeys::derive(b"the old secret, long enough to use", &[], 2);
        assert!(
            verify(&new_kid, &profile).is_none(),
            "raising the key id revokes"
        );
        let new_secret = LinkKeys::derive(
            b"the new secret, long enough to use",
            &[b"the old secret, long enough to use".to_vec()],
            1,
        );
        assert!(
            verify(&new_secret, &profile).is_none(),
            "so does a new secret"
        );
        let unsubscribe = issue(
            &old,
            person,
            Scope::Unsubscribe {
                topic: "newsletter".into(),
            },
            at(1_800_000_000),
        );
        assert!(verify(&new_kid, &unsubscribe).is_some());
        assert!(verify(&new_secret, &unsubscribe).is_some());
    }

    #[test]
    fn links_signed_before_a_key_rotation_still_verify() {
        let old = LinkKeys::derive(b"the old secret, long enough to use", &[], 1);
        let token = issue(
            &old,
            Uuid::now_v7(),
            Scope::Unsubscribe {
                topic: "newsletter".into(),
            },
            at(1_800_000_000),
        );
        let rotated = LinkKeys::derive(
            b"the new secret, long enough to use",
            &[b"the old secret, long enough to use".to_vec()],
            2,
        );
        assert!(verify(&rotated, &token).is_some());
        let fresh = issue(&rotated, Uuid::now_v7(), Scope::Manage, at(1_800_000_000));
        assert!(verify(&rotated, &fresh).is_some());
        assert!(
            verify(&old, &fresh).is_none(),
            "the old ring knows nothing of the new key"
        );
    }
}
