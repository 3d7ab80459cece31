//! The page shown for a failure on the server. It is plain HTML built without the reactive
//! runtime, so it can be served even when rendering itself is what failed. The cause goes to
//! the log under the request id; the person sees only the id.

use crate::i18n::t;

pub fn server_error_html(request_id: &str) -> String {
    let text = t();
    let request_id = escape(request_id);
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · {product}</title>\
         <link rel=\"stylesheet\" href=\"/pkg/prefcentre.css\"></head>\
         <body><main id=\"main\" class=\"error-page\"><h1>{title}</h1><p>{body}</p>\
         <p>{reference_label}: <code>{request_id}</code></p>\
         <p><a href=\"/\">{home}</a></p></main></body></html>",
        title = text.error_title,
        product = text.product_name,
        body = text.error_body,
        reference_label = text.error_reference,
        home = text.not_found_home_link,
    )
}

fn escape(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_page_shows_the_reference_and_never_markup_from_it() {
        let html = server_error_html("4f1c-<script>");
        assert!(html.contains("<code>4f1c-script</code>"));
        assert!(!html.contains("<script>"));
    }
}
