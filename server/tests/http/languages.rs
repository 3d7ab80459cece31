//! Languages: which one a request is answered in (a `?lang=` choice kept in a cookie, the
//! signed-in person's saved language, `Accept-Language`, the organisation's default), that a
//! Danish page holds nothing of the English catalogue, and that mail is written in the
//! recipient's language, kept on the outbox row.

use std::collections::BTreeMap;

use crate::common;

use common::TestApp;

use common::every_page::ADA;

/// English strings a Danish page must not show: those that differ from their Danish
/// translation and are prose (the longest piece between arguments, twelve characters or more,
/// more than one word).
fn english_only() -> Vec<String> {
    let locales = concat!(env!("CARGO_MANIFEST_DIR"), "/../app/locales");
    let mut found = Vec::new();
    for namespace in ["common", "admin"] {
        let read = |language: &str| -> BTreeMap<String, String> {
            let path = format!("{locales}/{language}/{namespace}.json");
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
        };
        let (en, da) = (read("en"), read("da"));
        for (key, value) in &en {
            if da.get(key) == Some(value) {
                continue;
            }
            let piece = value
                .split("{{")
                .map(|part| part.split_once("}}").map_or(part, |(_, rest)| rest).trim())
                .max_by_key(|part| part.len())
                .unwrap_or_default();
            if piece.len() >= 12 && piece.contains(' ') {
                found.push(piece.to_owned());
            }
        }
    }
    found
}

/// Cuts every element that opens at `<{tag}` and holds `marker` in its opening tag, with
/// its content (same-named elements inside it counted, so the right end tag closes it).
fn without_elements(html: &str, tag: &str, marker: &str) -> String {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut kept = String::new();
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        let head_end = rest[at..].find('>').map_or(rest.len(), |end| at + end + 1);
        if !rest[at..head_end].contains(marker) {
            kept.push_str(&rest[..head_end]);
            rest = &rest[head_end..];
            continue;
        }
        kept.push_str(&rest[..at]);
        let (mut depth, mut cursor) = (1, head_end);
        while depth > 0 && cursor < rest.len() {
            let next_open = rest[cursor..].find(&open).map(|i| cursor + i);
            let next_close = rest[cursor..].find(&close).map(|i| cursor + i);
            match (next_open, next_close) {
                (Some(o), Some(c)) if o < c => (depth, cursor) = (depth + 1, o + open.len()),
                (_, Some(c)) => (depth, cursor) = (depth - 1, c + close.len()),
                _ => cursor = rest.len(),
            }
        }
        rest = &rest[cursor..];
    }
    kept.push_str(rest);
    kept
}

/// The page as a reader of Danish meets it: no scripts, and nothing the page itself marks as
/// English (the organisation's own texts, kept in the language they were written in).
fn readable(html: &str) -> String {
    let mut text = without_elements(html, "script", "");
    for tag in ["article", "label", "p", "small", "span", "div"] {
        text = without_elements(&text, tag, " lang=\"en\"");
    }
    text.replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn marked_english_is_cut_with_what_it_holds() {
    let html = r#"<p>a</p><div lang="en"><div>b</div>c</div><p lang="en">d</p><script>e</script>f"#;
    assert_eq!(readable(html), "<p>a</p>f");
}

on_both_backends! {
    async fn the_language_follows_the_switcher_then_the_browser_then_the_default(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let mut visitor = app.visitor();
        let home = visitor.get("/").await;
        assert!(home.html.contains("<html lang=\"en\""), "the default");
        assert_eq!(home.headers["content-language"], "en");

        let browser_asks = visitor
            .client
            .get(visitor.url("/"))
            .header("accept-language", "de-DE,da;q=0.8,en;q=0.5")
            .send()
            .await
            .unwrap();
        assert_eq!(browser_asks.headers()["content-language"], "da");
        assert!(browser_asks.text().await.unwrap().contains("<html lang=\"da\""));

        let chosen = visitor.get("/sign-in?lang=da").await;
        assert!(chosen.html.contains("<html lang=\"da\""));
        let cookie = chosen.headers["set-cookie"].to_str().unwrap();
        assert!(cookie.starts_with("lang=da;") && cookie.contains("SameSite=Lax"), "{cookie}");
        // The switcher links to this page in the other language, named in that language.
        assert!(chosen.html.contains("href=\"/sign-in?lang=en\""), "{}", chosen.html);
        assert!(chosen.html.contains(">English<"));
        let kept = visitor
            .client
            .get(visitor.url("/"))
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        assert_eq!(kept.headers()["content-language"], "da", "the choice outranks the browser");

        let unknown = visitor.get("/?lang=xx").await;
        assert!(unknown.html.contains("<html lang=\"da\""), "an unknown choice changes nothing");
    }

    async fn a_saved_language_applies_from_sign_in_and_the_switcher_changes_it_for_the_session(backend: Backend) {
        use prefcentre_app::auth::api::SignIn;
        use leptos::server_fn::ServerFn;
        use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
        use prefcentre_app::store::people;

        let app = TestApp::spawn(backend).await;
        prefcentre_app::demo::seed_demo(&app.ctx).await.unwrap();
        let ada = people::Entity::find().filter(people::Column::Email.eq(ADA)).one(&app.ctx.db).await.unwrap().unwrap();
        let mut danish = ada.into_active_model();
        danish.language = Set("da".into());
        danish.update(&app.ctx.db).await.unwrap();

        let mut browser = app.visitor();
        browser.get("/sign-in").await;
        let signed_in = browser
            .submit(SignIn::PATH, &[("email", ADA), ("password", "demo passphrase for Ada")])
            .await;
        assert!(signed_in.html.contains("<html lang=\"da\""), "the saved language");
        assert!(signed_in.contains("Du er logget ind."), "the notice too: {}", signed_in.html);
        let english = browser.get("/account?lang=en").await;
        assert!(english.html.contains("<html lang=\"en\""));
        let next = browser.get("/account/consents").await;
        assert!(next.html.contains("<html lang=\"en\""), "the switcher's choice stays for the session");
    }

    async fn mail_is_written_in_the_recipients_language_kept_on_the_row(backend: Backend) {
        use prefcentre_app::outbox::{kinds::MailKind, queue::{Mail, queue}};
        use prefcentre_app::platform::clock::Clock;
        use prefcentre_app::store::{outbox, people};
        use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

        let sink = common::smtp::SmtpSink::start();
        let (app, driver) = common::app_without_worker(backend, &sink).await;
        prefcentre_app::demo::seed_demo(&app.ctx).await.unwrap();
        let ada = people::Entity::find().filter(people::Column::Email.eq(ADA)).one(&app.ctx.db).await.unwrap().unwrap();
        let mut danish = ada.clone().into_active_model();
        danish.language = Set("da".into());
        danish.update(&app.ctx.db).await.unwrap();
        let mail = Mail {
            kind: MailKind::DetailsChanged,
            person_id: ada.id,
            to: ADA.into(),
            payload: serde_json::json!({ "name": "Ada", "changed": ["phone"], "changed_at": "2026-12-04T17:05:00Z" }),
            idempotency_key: "languages".into(),
        };
        queue(&app.ctx.db, mail, &app.ctx.public, app.clock.now()).await.unwrap();
        let row = outbox::Entity::find().filter(outbox::Column::IdempotencyKey.eq("languages")).one(&app.ctx.db).await.unwrap().unwrap();
        assert_eq!(row.locale, "da");
        // Changing the language after queuing does not rewrite a message already written.
        let mut english = ada.into_active_model();
        english.language = Set("en".into());
        english.update(&app.ctx.db).await.unwrap();

        driver.outbox_worker().deliver_due().await.unwrap();
        let received = sink.wait_for(1).await;
        assert_eq!(received[0].subject, "Dine oplysninger er blevet ændret");
        assert!(received[0].text.contains("Telefonnummer"), "{}", received[0].text);
        assert!(received[0].text.contains("4. dec. 2026 kl. 18.05 CET"), "in the organisation's zone: {}", received[0].text);
    }

    async fn danish_pages_show_nothing_of_the_english_catalogue(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (pages, mut readers) = common::every_page::with_every_reader(&app, "checking the language").await;

        let english = english_only();
        assert!(english.len() > 300, "the check has strings to look for: {}", english.len());
        let mut found = Vec::new();
        for (who, browser) in &mut readers {
            browser.get("/?lang=da").await;
            for path in &pages {
                let page = browser.get(path).await;
                if page.status.is_redirection() {
                    continue;
                }
                assert!(page.html.contains("<html lang=\"da\""), "{who} {path}");
                let text = readable(&page.html);
                for piece in english.iter().filter(|piece| text.contains(piece.as_str())) {
                    found.push(format!("{who} {path}: {piece:?}"));
                }
            }
        }
        assert!(found.is_empty(), "English on Danish pages:\n{}", found.join("\n"));
    }
}
