//! Which language a request is answered in. The rule (README, "Languages"): a `?lang=` choice
//! in this request, else the language of this session (a signed-in person's saved language,
//! or the switcher's choice since), else the choice kept in the `lang` cookie, else the
//! browser's `Accept-Language`, else the organisation's default. The server's language
//! middleware applies it; the pieces here are pure so they are tested here.

use super::Locale;

/// The cookie that keeps a visitor's choice from the language switcher.
pub const COOKIE: &str = "lang";
/// The query parameter of the language switcher's links.
pub const QUERY: &str = "lang";
/// The session key of a signed-in person's language: their saved language from sign-in on,
/// or the switcher's choice since.
pub const SESSION_KEY: &str = "language";

/// A locale this build has, from its code (`"da"`, `"en"`; case-insensitive, a region such as
/// `da-DK` is accepted for its language).
pub fn from_code(code: &str) -> Option<Locale> {
    let language = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    <Locale as leptos_i18n::Locale>::get_all()
        .iter()
        .copied()
        .find(|locale| leptos_i18n::Locale::as_str(*locale) == language)
}

/// The best locale this build has for an `Accept-Language` header, if any: tags in order of
/// their `q` weight (ties keep the header's order), `q=0` meaning "not this one".
pub fn from_accept_language(header: &str) -> Option<Locale> {
    let mut wanted: Vec<(u16, usize, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(position, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), quality)?;
            (weight > 0 && !tag.is_empty() && tag != "*").then_some((weight, position, tag))
        })
        .collect();
    wanted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    wanted.into_iter().find_map(|(_, _, tag)| from_code(tag))
}

/// A `q` value in thousandths (`0.8` → 800); `None` if it is not one.
fn quality(raw: &str) -> Option<u16> {
    let value: f32 = raw.trim().parse().ok()?;
    (0.0..=1.0).contains(&value).then(|| (value * 1000.0).round() as u16)
}

/// Everything a request offers, in the order of the rule above.
#[derive(Clone, Copy, Debug, Default)]
pub struct Offered<'a> {
    pub query: Option<&'a str>,
    pub session: Option<&'a str>,
    pub cookie: Option<&'a str>,
    pub accept_language: Option<&'a str>,
}

/// The request's locale: the first offer this build has a locale for, else `default`.
pub fn choose(offered: Offered<'_>, default: Locale) -> Locale {
    offered
        .query
        .and_then(from_code)
        .or_else(|| offered.session.and_then(from_code))
        .or_else(|| offered.cookie.and_then(from_code))
        .or_else(|| offered.accept_language.and_then(from_accept_language))
        .unwrap_or(default)
}

/// The address of this page in another language: the same path and query, with `lang` set
/// (a profile link's token stays, so the page still opens).
pub fn switch_href(path: &str, query: Option<&str>, locale: Locale) -> String {
    let mut pairs: Vec<&str> = query
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some(QUERY))
        .collect();
    let lang = format!("{QUERY}={}", super::code(locale));
    pairs.push(&lang);
    format!("{path}?{}", pairs.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switcher_keeps_the_page_and_its_query() {
        assert_eq!(switch_href("/", None, Locale::da), "/?lang=da");
        assert_eq!(
            switch_href("/newsletter/profile", Some("t=abc&lang=en"), Locale::da),
            "/newsletter/profile?t=abc&lang=da"
        );
        assert_eq!(switch_href("/sign-in", Some("lang=da"), Locale::en), "/sign-in?lang=en");
    }

    #[test]
    fn codes_match_their_language_whatever_the_case_or_region() {
        assert_eq!(from_code("da"), Some(Locale::da));
        assert_eq!(from_code("DA-dk"), Some(Locale::da));
        assert_eq!(from_code("en_GB"), Some(Locale::en));
        assert_eq!(from_code("de"), None);
        assert_eq!(from_code(""), None);
    }

    #[test]
    fn accept_language_follows_the_weights_and_skips_what_is_missing() {
        assert_eq!(from_accept_language("de-DE,da;q=0.8,en;q=0.5"), Some(Locale::da));
        assert_eq!(from_accept_language("en;q=0.4, da;q=0.9"), Some(Locale::da));
        assert_eq!(from_accept_language("da;q=0, en"), Some(Locale::en));
        assert_eq!(from_accept_language("en, da"), Some(Locale::en));
        assert_eq!(from_accept_language("fr, *;q=0.1"), None);
        assert_eq!(from_accept_language("da;q=banana, en;q=0.1"), Some(Locale::en));
    }

    #[test]
    fn the_rule_takes_the_first_offer_it_can_use() {
        let all = Offered {
            query: Some("da"),
            session: Some("en"),
            cookie: Some("en"),
            accept_language: Some("en"),
        };
        assert_eq!(choose(all, Locale::en), Locale::da);
        let no_query = Offered { query: Some("xx"), ..all };
        assert_eq!(choose(no_query, Locale::da), Locale::en);
        let only_cookie = Offered { cookie: Some("da"), ..Offered::default() };
        assert_eq!(choose(only_cookie, Locale::en), Locale::da);
        let browser = Offered { accept_language: Some("da-DK"), ..Offered::default() };
        assert_eq!(choose(browser, Locale::en), Locale::da);
        assert_eq!(choose(Offered::default(), Locale::da), Locale::da);
    }
}
