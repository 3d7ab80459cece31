//! The words of a message are chosen when it is written for sending, in the recipient's
//! language: a queued row keeps codes (`"address"`, `"access"`) and times (RFC 3339), never
//! prose, so the same row reads right in any language and its times in the organisation's
//! zone. Rows queued before this (words and `YYYY-MM-DD HH:MM` in UTC) still read.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::Value;

use crate::domain::request_kind::RequestKind;
use crate::i18n::{
    Locale,
    format::{date_in, time_in},
    tr,
};

/// Rewrites the row's variables into what the templates show: `*_at` keys as times, `*_on`
/// keys as days, `changed` details and `request_kind` as words.
pub fn localize(vars: &mut Value, locale: Locale, zone: chrono_tz::Tz) {
    let Some(vars) = vars.as_object_mut() else {
        return;
    };
    for (key, value) in vars.iter_mut() {
        let Some(raw) = value.as_str() else {
            if key == "changed"
                && let Some(items) = value.as_array_mut()
            {
                for item in items.iter_mut() {
                    if let Some(word) = item.as_str().and_then(|code| detail(locale, code)) {
                        *item = Value::from(word);
                    }
                }
            }
            continue;
        };
        let shown = if key.ends_with("_at") {
            instant(raw).map(|at| time_in(locale, zone, at))
        } else if key.ends_with("_on") {
            instant(raw)
                .map(|at| at.with_timezone(&zone).date_naive())
                .or_else(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok())
                .map(|day| date_in(locale, day))
        } else if key == "request_kind" {
            RequestKind::parse(raw).map(|kind| kind.label(locale).to_owned())
        } else {
            None
        };
        if let Some(shown) = shown {
            *value = Value::from(shown);
        }
    }
}

/// An RFC 3339 time, or the `YYYY-MM-DD HH:MM` (UTC) that rows queued before held.
fn instant(raw: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw)
        .map(|at| at.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M")
                .ok()
                .map(|at| at.and_utc())
        })
}

/// The name of a contact detail in a change notice.
fn detail(locale: Locale, code: &str) -> Option<&'static str> {
    Some(match code {
        "name" => tr!(locale, common.field_name),
        "phone" => tr!(locale, common.field_phone),
        "address" => tr!(locale, common.field_address),
        "company" => tr!(locale, common.field_company),
        "job_title" => tr!(locale, common.field_job_title),
        "language" => tr!(locale, common.field_language),
        "contact_channel" => tr!(locale, common.field_contact_channel),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn codes_and_times_become_words_of_the_readers_language() {
        let zone = chrono_tz::Europe::Copenhagen;
        let row = json!({
            "changed": ["phone", "address"],
            "changed_at": "2026-12-04T17:05:00Z",
            "due_on": "2027-01-03T23:30:00Z",
            "request_kind": "access",
            "name": "Ada",
        });
        let mut danish = row.clone();
        localize(&mut danish, Locale::da, zone);
        assert_eq!(danish["changed"], json!(["Telefonnummer", "Postadresse"]));
        assert_eq!(danish["changed_at"], "4. dec. 2026 kl. 18.05 CET");
        assert_eq!(danish["due_on"], "4. jan. 2027", "the day where the organisation is");
        assert_eq!(danish["request_kind"], "en kopi af dine data");
        assert_eq!(danish["name"], "Ada");
        let mut english = row;
        localize(&mut english, Locale::en, zone);
        assert_eq!(english["changed"], json!(["Phone number", "Postal address"]));
        assert_eq!(english["request_kind"], "a copy of your data");
    }

    #[test]
    fn rows_queued_before_still_read() {
        let mut old = json!({ "changed_at": "2026-03-02 09:00", "changed": ["Phone"] });
        localize(&mut old, Locale::en, chrono_tz::Europe::Copenhagen);
        assert_eq!(old["changed_at"], "2 Mar 2026, 10:00 CET");
        assert_eq!(old["changed"], json!(["Phone"]));
    }
}
