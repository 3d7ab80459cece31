//! Turning an outbox row into a message: subject, plain-text part and HTML part from the
//! templates of its kind in the recipient's language (`locales/<language>/mail/<kind>/`), with the links it needs minted now, at send
//! time, so that no live token ever waits in the outbox.

use std::sync::LazyLock;

use minijinja::{AutoEscape, Environment, UndefinedBehavior, context};
use serde::Serialize;

use super::kinds::MailKind;
use crate::domain::organisation::Organisation;
use crate::i18n::Locale;

pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The templates of one language: `locales/<language>/mail/`, the shared partials and a
/// folder per kind. Listed here so a missing file is a build error.
macro_rules! language_templates {
    ($language:literal: $($kind:literal),*) => {
        &[
            ("_layout.html", include_str!(concat!("../../locales/", $language, "/mail/_layout.html"))),
            ("_button.html", include_str!(concat!("../../locales/", $language, "/mail/_button.html"))),
            ("_footer.txt", include_str!(concat!("../../locales/", $language, "/mail/_footer.txt"))),
            $(
                (concat!($kind, "/subject.txt"), include_str!(concat!("../../locales/", $language, "/mail/", $kind, "/subject.txt"))),
                (concat!($kind, "/body.txt"), include_str!(concat!("../../locales/", $language, "/mail/", $kind, "/body.txt"))),
                (concat!($kind, "/body.html"), include_str!(concat!("../../locales/", $language, "/mail/", $kind, "/body.html"))),
            )*
        ]
    };
}

macro_rules! every_kind {
    ($language:literal) => {
        language_templates!($language:
            "verify_email",
            "account_exists",
            "account_setup",
            "sign_in_link",
            "password_reset",
            "password_changed",
            "details_changed",
            "email_change_confirm",
            "email_change_notice",
            "consents_changed",
            "consent_confirm",
            "profile_link",
            "request_received",
            "request_extended",
            "restriction_started",
            "restriction_lifted",
            "erasure_done",
            "policy_changed",
            "identity_check",
            "request_answered"
        )
    };
}

/// The mail templates of a language. A third language adds its folder and one arm here.
fn sources(locale: Locale) -> &'static [(&'static str, &'static str)] {
    match locale {
        Locale::en => every_kind!("en"),
        Locale::da => every_kind!("da"),
    }
}

/// One template environment per language: the templates' names (`_layout.html`) are the
/// same in every language, so each language's set is loaded on its own.
static TEMPLATES: LazyLock<Vec<(Locale, Environment<'static>)>> = LazyLock::new(|| {
    <Locale as leptos_i18n::Locale>::get_all()
        .iter()
        .map(|&locale| (locale, environment(sources(locale))))
        .collect()
});

fn environment(sources: &'static [(&'static str, &'static str)]) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_keep_trailing_newline(true);
    for (name, source) in sources {
        env.add_template(name, source)
            .unwrap_or_else(|err| panic!("template {name}: {err:#}"));
    }
    env
}

fn templates(locale: Locale) -> &'static Environment<'static> {
    let found = TEMPLATES.iter().find(|(l, _)| *l == locale);
    // Every locale has an environment: TEMPLATES is built from the list of all of them.
    &found.unwrap_or(&TEMPLATES[0]).1
}

/// Everything a template may use. `vars` are the row's own variables (a name, a date).
#[derive(Serialize)]
pub struct MailContext<'a> {
    pub org: &'a Organisation,
    /// Ends with `/`, so templates write `{{ base_url }}sign-in`.
    pub base_url: &'a str,
    pub link: Option<&'a str>,
    pub vars: &'a serde_json::Value,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot render {kind} mail: {cause}")]
pub struct RenderError {
    kind: &'static str,
    cause: String,
}

pub fn render(kind: MailKind, locale: Locale, mail: &MailContext<'_>) -> Result<Rendered, RenderError> {
    let templates = templates(locale);
    let fail = |err: minijinja::Error| RenderError {
        kind: kind.as_str(),
        cause: format!("{err:#}"),
    };
    let ctx = context! {
        org => mail.org,
        base_url => mail.base_url,
        link => mail.link,
        ..minijinja::Value::from_serialize(mail.vars)
    };
    let name = kind.as_str();
    let subject = templates
        .get_template(&format!("{name}/subject.txt"))
        .and_then(|t| t.render(&ctx))
        .map_err(fail)?
        .trim()
        .to_owned();
    let ctx = context! { subject => &subject, ..ctx };
    let text = templates
        .get_template(&format!("{name}/body.txt"))
        .and_then(|t| t.render(&ctx))
        .map_err(fail)?;
    let html = templates
        .get_template(&format!("{name}/body.html"))
        .and_then(|t| t.render(&ctx))
        .map_err(fail)?;
    Ok(Rendered {
        subject,
        text,
        html,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(kind: MailKind, locale: Locale) -> Rendered {
        let org = Organisation::demo();
        // As queued: codes and times; the worker turns them into words before rendering.
        let mut vars = serde_json::json!({
            "name": "Ada <Lindqvist>",
            "valid_minutes": 10,
            "valid_hours": 24,
            "changed_at": "2026-03-02T09:00:00Z",
            "others_ended": true,
            "changed": ["phone", "address"],
            "requested_at": "2026-03-02T09:00:00Z",
            "new_email_masked": "n•••@example.org",
            "changes": [
                { "title": "Newsletter", "state": "pending" },
                { "title": "Online surveys", "state": "granted" },
                { "title": "Contact from partners", "state": "withdrawn" },
            ],
            "topics": ["Newsletter"],
            "valid_days": 90,
            "request_kind": "access",
            "received_at": "2026-03-02T09:00:00Z",
            "due_on": "2026-04-02T09:00:00Z",
            "completed": false,
            "rejected": true,
            "outcome": "We need the processing to keep your contract running.",
            "reason": "Your request covers twelve years of records.",
            "restricted_at": "2026-03-02T09:00:00Z",
            "lifted_at": "2026-03-09T09:00:00Z",
            "erased_at": "2026-03-02T09:00:00Z",
            "version": 2,
            "effective_on": "2026-04-01T00:00:00Z",
            "summary": "We now name the partners we share data with.",
        });
        crate::outbox::words::localize(&mut vars, locale, chrono_tz::Europe::Copenhagen);
        let link = "https://prefs.example.com/sign-in/link?token=SAMPLE";
        render(
            kind,
            locale,
            &MailContext {
                org: &org,
                base_url: "https://prefs.example.com/",
                link: Some(link),
                vars: &vars,
            },
        )
        .unwrap()
    }

    fn every_kind_and_language() -> impl Iterator<Item = (MailKind, Locale)> {
        MailKind::ALL.into_iter().flat_map(|kind| {
            <Locale as leptos_i18n::Locale>::get_all()
                .iter()
                .map(move |&locale| (kind, locale))
        })
    }

    #[test]
    fn every_kind_renders_a_subject_a_text_and_an_html_part() {
        for (kind, locale) in every_kind_and_language() {
            let mail = sample(kind, locale);
            assert!(
                !mail.subject.is_empty() && !mail.subject.contains('\n'),
                "{kind:?}"
            );
            assert!(
                mail.text.contains("privacy@milestonesys.com"),
                "{kind:?} text has the footer"
            );
            assert!(
                mail.html.contains("max-width:600px"),
                "{kind:?} html fits a narrow client"
            );
        }
    }

    #[test]
    fn names_are_escaped_in_html_and_kept_in_text() {
        let mail = sample(MailKind::SignInLink, Locale::en);
        assert!(mail.html.contains("Ada &lt;Lindqvist&gt;"));
        assert!(!mail.html.contains("<Lindqvist>"));
        assert!(mail.text.contains("Hello Ada <Lindqvist>,"));
    }

    #[test]
    fn templates_match_their_snapshots() {
        for (kind, locale) in every_kind_and_language() {
            let mail = sample(kind, locale);
            // English kept its names from before there was a second language.
            let name = match locale {
                Locale::en => kind.as_str().to_owned(),
                other => format!("{}_{}", crate::i18n::code(other), kind.as_str()),
            };
            insta::assert_snapshot!(format!("{name}_subject"), mail.subject);
            insta::assert_snapshot!(format!("{name}_text"), mail.text);
            insta::assert_snapshot!(format!("{name}_html"), mail.html);
        }
    }
}
