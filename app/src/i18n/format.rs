//! Values as the pages show them: times and devices. One home, so a locale-aware version
//! (issue 15) changes one file.

/// Times as the pages show them: in UTC, to the minute.
pub fn shown(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// "Firefox on Linux", from a user agent.
#[cfg(feature = "ssr")]
pub fn device(user_agent: Option<&str>) -> String {
    let parsed = user_agent.and_then(|ua| woothee::parser::Parser::new().parse(ua));
    match parsed {
        Some(ua) if ua.name != "UNKNOWN" => {
            if ua.os != "UNKNOWN" {
                format!("{} on {}", ua.name, ua.os)
            } else {
                ua.name.to_owned()
            }
        }
        _ => super::t().unknown_device.to_owned(),
    }
}
