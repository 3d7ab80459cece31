//! Values as people read them: times in the organisation's time zone, written the way the
//! reader's language writes them, and devices named in that language.

use chrono::{Datelike, NaiveDate};
#[cfg(feature = "ssr")]
use chrono::{DateTime, Timelike, Utc};

use super::{Locale, current_locale, tr};

/// The organisation's time zone, provided to every request by the server (`AppContext`).
#[cfg(feature = "ssr")]
#[derive(Clone, Copy, Debug)]
pub struct TimeZone(pub chrono_tz::Tz);

/// A time as the current request's reader sees it: "4 Dec 2026, 18:05 CET" in English,
/// "4. dec. 2026 kl. 18.05 CET" in Danish.
#[cfg(feature = "ssr")]
pub fn shown(at: DateTime<Utc>) -> String {
    let zone = leptos::prelude::use_context::<TimeZone>().map_or(chrono_tz::UTC, |z| z.0);
    time_in(current_locale(), zone, at)
}

/// A time in a given language and zone (mail, where no request is being answered).
#[cfg(feature = "ssr")]
pub fn time_in(locale: Locale, zone: chrono_tz::Tz, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&zone);
    let time = tr!(
        locale,
        common.format_time,
        hours = format!("{:02}", local.hour()),
        minutes = format!("{:02}", local.minute())
    );
    tr!(
        locale,
        common.format_date_time,
        date = date_in(locale, local.date_naive()),
        time = time,
        zone = local.format("%Z")
    )
}

/// A calendar day in the current request's language: "4 Dec 2026", "4. dec. 2026".
pub fn day(date: NaiveDate) -> String {
    date_in(current_locale(), date)
}

/// A calendar day in a given language.
pub fn date_in(locale: Locale, date: NaiveDate) -> String {
    tr!(
        locale,
        common.format_date,
        day = date.day(),
        month = month(locale, date.month()),
        year = date.year()
    )
}

fn month(locale: Locale, month: u32) -> &'static str {
    match month {
        1 => tr!(locale, common.month_1),
        2 => tr!(locale, common.month_2),
        3 => tr!(locale, common.month_3),
        4 => tr!(locale, common.month_4),
        5 => tr!(locale, common.month_5),
        6 => tr!(locale, common.month_6),
        7 => tr!(locale, common.month_7),
        8 => tr!(locale, common.month_8),
        9 => tr!(locale, common.month_9),
        10 => tr!(locale, common.month_10),
        11 => tr!(locale, common.month_11),
        _ => tr!(locale, common.month_12),
    }
}

/// "Firefox on Linux", from a user agent.
#[cfg(feature = "ssr")]
pub fn device(user_agent: Option<&str>) -> String {
    let locale = current_locale();
    let parsed = user_agent.and_then(|ua| woothee::parser::Parser::new().parse(ua));
    match parsed {
        Some(ua) if ua.name != "UNKNOWN" => {
            if ua.os != "UNKNOWN" {
                tr!(locale, common.device_on_os, browser = ua.name, os = ua.os)
            } else {
                ua.name.to_owned()
            }
        }
        _ => tr!(locale, common.unknown_device).to_owned(),
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_the_zone_and_the_language_of_the_reader() {
        let at = "2026-12-04T17:05:00Z".parse::<DateTime<Utc>>().unwrap();
        let zone = chrono_tz::Europe::Copenhagen;
        assert_eq!(time_in(Locale::en, zone, at), "4 Dec 2026, 18:05 CET");
        assert_eq!(time_in(Locale::da, zone, at), "4. dec. 2026 kl. 18.05 CET");
        let summer = "2026-07-01T10:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(time_in(Locale::en, zone, summer), "1 Jul 2026, 12:00 CEST");
    }

    #[test]
    fn days_are_written_the_way_each_language_writes_them() {
        let day = NaiveDate::from_ymd_opt(2027, 5, 25).unwrap();
        assert_eq!(date_in(Locale::en, day), "25 May 2027");
        assert_eq!(date_in(Locale::da, day), "25. maj 2027");
    }
}
