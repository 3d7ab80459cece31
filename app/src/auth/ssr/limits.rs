//! Rate limits on sign-in and on every form that sends e-mail.
//!
//! Shaped so that nobody can lock a real person out:
//! - password failures count per *address and IP together*: an attacker exhausts only their own
//!   budget for that address, never the owner's, while the per-IP limit caps each source;
//! - mail-sending forms count per IP and per address as typed (known or not, so a limit reveals
//!   nothing); the per-address limit protects the owner's inbox from being flooded, and the
//!   owner can still sign in with their password while it lasts;
//! - token redemption counts per IP, to slow anyone guessing links (256-bit tokens make that
//!   hopeless anyway).
//! Addresses appear in keys only as keyed hashes.

use std::net::IpAddr;

use chrono::Duration;

use crate::domain::EmailAddress;
use crate::platform::keys::Keys;
use crate::platform::rate_limit::Limit;

pub const SIGN_IN_PER_IP: Limit = Limit {
    hits: 30,
    window: Duration::minutes(15),
};
pub const SIGN_IN_FAILURES_PER_ADDRESS_AND_IP: Limit = Limit {
    hits: 5,
    window: Duration::minutes(15),
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

fn ip_text(ip: Option<IpAddr>) -> String {
    ip.map(|ip| ip.to_string())
        .unwrap_or_else(|| "unknown".into())
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

pub fn mail_ip(ip: Option<IpAddr>) -> String {
    format!("mail:ip:{}", ip_text(ip))
}

pub fn mail_address(keys: &Keys, email: &EmailAddress) -> String {
    format!("mail:addr:{}", keys.rate_limit_tag(email.as_str()))
}

pub fn redeem_ip(ip: Option<IpAddr>) -> String {
    format!("redeem:ip:{}", ip_text(ip))
}
