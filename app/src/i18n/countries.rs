//! Country names in each language (`locales/<language>/countries.json`, from CLDR), by ISO
//! 3166-1 alpha-2 code, for the address form and for showing an address.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::Locale;

/// The names file of a language. A third language adds its file and one arm here.
fn source(locale: Locale) -> &'static str {
    match locale {
        Locale::en => include_str!("../../locales/en/countries.json"),
        Locale::da => include_str!("../../locales/da/countries.json"),
    }
}

type Names = BTreeMap<&'static str, &'static str>;

static NAMES: LazyLock<Vec<(Locale, Names)>> = LazyLock::new(|| {
    <Locale as leptos_i18n::Locale>::get_all()
        .iter()
        .map(|&locale| {
            // Checked for every language by the catalogue test; an unreadable file would
            // show codes instead of names.
            let names = serde_json::from_str(source(locale)).unwrap_or_default();
            (locale, names)
        })
        .collect()
});

fn names(locale: Locale) -> Option<&'static Names> {
    NAMES.iter().find(|(l, _)| *l == locale).map(|(_, names)| names)
}

/// The name of a country in `locale`.
pub fn name(locale: Locale, code: &str) -> Option<&'static str> {
    names(locale)?.get(code).copied()
}

/// Every country as (code, name), in the alphabetical order of `locale`.
pub fn all(locale: Locale) -> Vec<(&'static str, &'static str)> {
    let mut all: Vec<_> = names(locale)
        .map(|names| names.iter().map(|(c, n)| (*c, *n)).collect())
        .unwrap_or_default();
    all.sort_by_cached_key(|(_, name)| sort_key(locale, name));
    all
}

/// Danish puts Æ, Ø and Å after Z, in that order; other letters sort as written.
fn sort_key(locale: Locale, name: &str) -> String {
    let lower = name.to_lowercase();
    match locale {
        Locale::da => lower
            .chars()
            .map(|c| match c {
                'æ' => '\u{10FFFD}',
                'ø' => '\u{10FFFE}',
                'å' => '\u{10FFFF}',
                other => other,
            })
            .collect(),
        _ => lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_names_every_country() {
        let english = names(Locale::en).unwrap();
        assert!(english.len() > 200);
        for &locale in <Locale as leptos_i18n::Locale>::get_all() {
            let these = names(locale).unwrap();
            assert!(
                these.keys().eq(english.keys()),
                "{locale:?} names the same countries as English"
            );
        }
        assert_eq!(name(Locale::da, "DE"), Some("Tyskland"));
        assert_eq!(name(Locale::en, "DK"), Some("Denmark"));
    }

    #[test]
    fn danish_order_puts_the_danish_letters_last() {
        let order: Vec<_> = all(Locale::da).into_iter().map(|(c, _)| c).collect();
        let position = |code| order.iter().position(|c| *c == code).unwrap();
        assert!(position("DK") < position("DE"), "Danmark before Tyskland");
        assert!(position("ZW") < position("AX"), "Zimbabwe before Åland");
        assert!(position("FO") < position("AX"), "Færøerne before Åland");
    }
}
