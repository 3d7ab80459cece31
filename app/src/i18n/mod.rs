//! Every user-visible string, in every language the product speaks: `app/locales/<language>/`
//! holds one folder per language (`common.json` for the public pages and messages,
//! `admin.json` for the staff view, `mail/` for the e-mail templates). leptos_i18n turns the
//! JSON into code at build time (`build.rs`), so a key or an interpolation argument that does
//! not exist is a compile error, and plurals follow CLDR's rules (`key_one`, `key_other`).
//!
//! Code asks for a string with [`tr!`]`(locale, namespace.key)` or, with arguments,
//! `tr!(locale, namespace.key, name = value)`. The locale is the request's
//! ([`current_locale`]), chosen by the server (see [`negotiate`]); mail and background work
//! name the recipient's locale instead. The catalogue test (`tests::catalogue`) fails when a
//! language lacks a key, has one more, or a key is used nowhere.

#[cfg(feature = "ssr")]
pub mod countries;
pub mod format;
pub mod negotiate;

// The generated module also holds leptos_i18n's context provider and macros, which this
// product does not use (the server chooses the locale).
#[allow(unused, dead_code)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n.rs"));
}

pub use generated::i18n::Locale;
/// A string of the catalogue in a given locale: `tr!(locale, common.nav_home)`.
pub use leptos_i18n::td_string as tr;

/// The code of a locale, as stored (`people.language`, `outbox.locale`) and sent in
/// `<html lang>`.
pub fn code(locale: Locale) -> &'static str {
    leptos_i18n::Locale::as_str(locale)
}

/// The locale of the current request: the one the server chose for it (put in the request's
/// extensions by the language middleware, provided by the shell to the page render), else
/// the build's default (only outside a request, as in unit tests).
pub fn current_locale() -> Locale {
    use leptos::prelude::use_context;
    if let Some(locale) = use_context::<Locale>() {
        return locale;
    }
    #[cfg(feature = "ssr")]
    if let Some(locale) = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Locale>().copied())
    {
        return locale;
    }
    Locale::default()
}

/// The language the organisation writes its own texts in (the privacy policy, topic
/// wording): its default language. Those texts are kept as written, with evidence of which
/// version a person saw, so a page in another language marks them with their `lang`.
#[derive(Clone, Copy, Debug)]
pub struct ContentLanguage(pub Locale);

/// The language of the organisation's own texts, for the current request.
pub fn content_language() -> Locale {
    leptos::prelude::use_context::<ContentLanguage>().map_or_else(Locale::default, |c| c.0)
}

#[cfg(test)]
mod tests;
