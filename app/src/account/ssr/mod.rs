//! Server-side logic for the person's own pages.

pub mod access;
pub mod details;
pub mod email_change;
pub mod events;
pub mod my_data;
pub mod reauth;
pub mod security;

/// Times as the pages show them: in UTC, to the minute.
pub(crate) fn shown(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// "Firefox on Linux", from a user agent.
pub(crate) fn device(user_agent: Option<&str>) -> String {
    let parsed = user_agent.and_then(|ua| woothee::parser::Parser::new().parse(ua));
    match parsed {
        Some(ua) if ua.name != "UNKNOWN" => {
            if ua.os != "UNKNOWN" {
                format!("{} on {}", ua.name, ua.os)
            } else {
                ua.name.to_owned()
            }
        }
        _ => crate::i18n::t().unknown_device.to_owned(),
    }
}
