//! Pages for requests that failed, served as plain HTML built without the reactive runtime so
//! they work even when rendering itself is what failed. A server failure's cause goes to the
//! log under the request id; the person sees only the id.

use crate::i18n::{Locale, code, tr};

/// A small page with a title and a paragraph (a refused form, a malformed request), in the
/// request's language.
pub fn message_html(locale: Locale, title: &str, body: &str) -> String {
    page(locale, title, &format!("<p>{}</p>", escape_text(body)))
}

pub fn server_error_html(locale: Locale, request_id: &str) -> String {
    let reference: String = request_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    page(
        locale,
        tr!(locale, common.error_title),
        &format!(
            "<p>{}</p><p>{}: <code>{reference}</code></p>",
            escape_text(tr!(locale, common.error_body)),
            escape_text(tr!(locale, common.error_reference))
        ),
    )
}

fn page(locale: Locale, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · {product}</title>\
         <link rel=\"stylesheet\" href=\"/pkg/prefcentre.css\">\
         <link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"></head>\
         <body><main id=\"main\" class=\"error-page\"><h1>{title}</h1>{body}\
         <p><a href=\"/\">{home}</a></p></main></body></html>",
        lang = code(locale),
        title = escape_text(title),
        product = escape_text(tr!(locale, common.product_name)),
        home = escape_text(tr!(locale, common.not_found_home_link)),
    )
}

fn escape_text(raw: &str) -> String {
    raw.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_page_shows_the_reference_and_never_markup_from_it() {
        let html = server_error_html(Locale::en, "4f1c-<script>");
        assert!(html.contains("<code>4f1c-script</code>"));
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn a_message_page_escapes_its_text() {
        assert!(message_html(Locale::en, "Title", "a <b> c").contains("<p>a &lt;b&gt; c</p>"));
    }
}
