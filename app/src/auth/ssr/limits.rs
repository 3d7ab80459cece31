//! Rate limits on sign-in and on every form that sends e-mail.
//!
//! Shaped so that nobody can lock a real person out:
//! - a password attempt is *reserved* on every counter before its hash is checked and refunded
//!   when it succeeds, so a parallel burst cannot slip past a limit it read before any attempt
//!   was counted, and the expensive hash never runs for an attempt already over a limit;
//! - password failures count per *address and IP together*: an attacker exhausts only their own
//!   budget for that address, never the owner's, while the per-IP limit caps each source;
//! - failures for one address across all IPs have a cap of their own, so a botnet cannot spread
//!   its guesses thin. Reaching it closes only the password path for that address for a while:
//!   the owner signs in with an e-mailed link, which no guesser can use;
//! - IPv6 addresses count per /64, the block one subscriber usually holds;
//! - mail-sending forms count per IP and per address as typed (known or not, so a limit reveals
//!   nothing); the per-address limit protects the owner's inbox from being flooded, and the
//!   owner can still sign in with their password while it lasts;
//! - token redemption counts per IP, to slow anyone guessing links (256-bit tokens make that
//!   hopeless anyway).
//!
//! Addresses appear in keys only as keyed hashes.

use std::net::IpAddr;

use chrono::Duration;

use crate::domain::EmailAddress;
use crate::platform::keys::Keys;
use crate::platform::rate_limit::{self, Limit, Verdict};

pub const SIGN_IN_PER_IP: Limit = Limit {
    hits: 30,
    window: Duration::minutes(15),
};
pub const SIGN_IN_FAILURES_PER_ADDRESS_AND_IP: Limit = Limit {
    hits: 5,
    window: Duration::minutes(15),
};
pub const SIGN_IN_FAILURES_PER_ADDRESS: Limit = Limit {
    hits: 20,
    window: Duration::hours(1),
};
pub const MAIL_PER_IP: Limit = Limit {
    hits: 20,
    window: Duration::hours(1),
};
pub const MAIL_PER_ADDRESS: Limit = Limit {
    hits: 3,
    window: Duration::hours(1),
};
pub const REDEEM_PER_IP: Limit = Limit {
    hits: 30,
    window: Duration::minutes(15),
};

/// The answer when the hashing queue is full: a short limit, told at once.
pub const BUSY: Verdict = Verdict::Limited {
    retry_after: Duration::seconds(30),
};

/// The source a limit counts: the IPv4 address, or the IPv6 /64.
pub fn ip_text(ip: Option<IpAddr>) -> String {
    match ip.map(|ip| ip.to_canonical()) {
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", std::net::Ipv6Addr::from(bits))
        }
        None => "unknown".into(),
    }
}

/// The counters one attempt reserved, to give back if it succeeds.
#[must_use = "a successful attempt refunds its reservation"]
pub struct Reserved(Vec<String>);

/// Which counter refused an attempt (its index in the list given to [`reserve`]) and until when.
#[derive(Debug, PartialEq, Eq)]
pub struct Refused {
    pub counter: usize,
    pub verdict: Verdict,
}

/// Counts an attempt on every counter, in order, before it is checked. The first counter over
/// its limit refuses it; the ones before keep the hit (a refused attempt still counts).
pub async fn reserve(
    db: &impl sea_orm::ConnectionTrait,
    counters: &[(String, Limit)],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Result<Reserved, Refused>, sea_orm::DbErr> {
    let mut keys = Vec::with_capacity(counters.len());
    for (counter, (key, limit)) in counters.iter().enumerate() {
        let verdict = rate_limit::hit(db, key, *limit, now).await?;
        if verdict != Verdict::Allowed {
            return Ok(Err(Refused { counter, verdict }));
        }
        keys.push(key.clone());
    }
    Ok(Ok(Reserved(keys)))
}

impl Reserved {
    /// The attempt succeeded: it no longer counts against anyone.
    pub async fn refund(self, db: &impl sea_orm::ConnectionTrait) -> Result<(), sea_orm::DbErr> {
        for key in &self.0 {
            rate_limit::refund(db, key).await?;
        }
        Ok(())
    }
}

pub fn sign_in_ip(ip: Option<IpAddr>) -> String {
    format!("sign-in:ip:{}", ip_text(ip))
}

pub fn sign_in_failures(keys: &Keys, email: &EmailAddress, ip: Option<IpAddr>) -> String {
    format!(
        "sign-in:fail:{}",
        keys.rate_limit_tag(&format!("{email}|{}", ip_text(ip)))
    )
}

pub fn sign_in_address(keys: &Keys, email: &EmailAddress) -> String {
    format!("sign-in:addr:{}", keys.rate_limit_tag(email.as_str()))
}

/// A person's password tried while signed in (re-authentication, password change).
pub fn reauth_failures(keys: &Keys, person_id: uuid::Uuid) -> String {
    format!(
        "reauth:fail:{}",
        keys.rate_limit_tag(&person_id.to_string())
    )
}

pub fn mail_ip(ip: Option<IpAddr>) -> String {
    format!("mail:ip:{}", ip_text(ip))
}

pub fn mail_address(keys: &Keys, email: &EmailAddress) -> String {
    format!("mail:addr:{}", keys.rate_limit_tag(email.as_str()))
}

pub fn redeem_ip(ip: Option<IpAddr>) -> String {
    format!("redeem:ip:{}", ip_text(ip))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_counts_per_64_and_ipv4_per_address() {
        let ip = |t: &str| Some(t.parse::<IpAddr>().unwrap());
        assert_eq!(
            ip_text(ip("2001:db8:1:2:aaaa::1")),
            ip_text(ip("2001:db8:1:2:ffff::9"))
        );
        assert_ne!(
            ip_text(ip("2001:db8:1:2::1")),
            ip_text(ip("2001:db8:1:3::1"))
        );
        assert_eq!(ip_text(ip("2001:db8:1:2::1")), "2001:db8:1:2::/64");
        assert_eq!(ip_text(ip("198.51.100.7")), "198.51.100.7");
        assert_eq!(
            ip_text(ip("::ffff:198.51.100.7")),
            "198.51.100.7",
            "a mapped IPv4 is IPv4"
        );
    }
}
