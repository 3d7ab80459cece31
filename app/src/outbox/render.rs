//! Turning an outbox row into a message: subject, plain-text part and HTML part from the
//! templates of its kind (`templates/<kind>/`), with the links it needs minted now, at send
//! time, so that no live token ever waits in the outbox.

use std::sync::LazyLock;

use minijinja::{AutoEscape, Environment, UndefinedBehavior, context};
use serde::Serialize;

use super::kinds::MailKind;
use crate::domain::organisation::Organisation;

pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

macro_rules! kind_templates {
    ($($kind:literal),*) => {
        &[$(
            (concat!($kind, "/subject.txt"), include_str!(concat!("templates/", $kind, "/subject.txt"))),
            (concat!($kind, "/body.txt"), include_str!(concat!("templates/", $kind, "/body.txt"))),
            (concat!($kind, "/body.html"), include_str!(concat!("templates/", $kind, "/body.html"))),
        )*]
    };
}

const SHARED: &[(&str, &str)] = &[
    ("_layout.html", include_str!("templates/_layout.html")),
    ("_button.html", include_str!("templates/_button.html")),
    ("_footer.txt", include_str!("templates/_footer.txt")),
];

const KINDS: &[(&str, &str)] = kind_templates!(
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
);

static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
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
    for (name, source) in SHARED.iter().chain(KINDS) {
        env.add_template(name, source)
            .unwrap_or_else(|err| panic!("template {name}: {err:#}"));
    }
    env
});

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

pub fn render(kind: MailKind, mail: &MailContext<'_>) -> Result<Rendered, RenderError> {
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
    let subject = TEMPLATES
        .get_template(&format!("{name}/subject.txt"))
        .and_then(|t| t.render(&ctx))
        .map_err(fail)?
        .trim()
        .to_owned();
    let ctx = context! { subject => &subject, ..ctx };
    let text = TEMPLATES
        .get_template(&format!("{name}/body.txt"))
        .and_then(|t| t.render(&ctx))
        .map_err(fail)?;
    let html = TEMPLATES
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

    fn sample(kind: MailKind) -> Rendered {
        let org = Organisation::demo();
        let vars = serde_json::json!({
            "name": "Ada <Lindqvist>",
            "valid_minutes": 10,
            "valid_hours": 24,
            "changed_at": "2026-03-02 09:00",
            "others_ended": true,
            "changed": ["Phone", "Postal address"],
            "requested_at": "2026-03-02 09:00 UTC",
            "new_email_masked": "n•••@example.org",
            "changes": [
                { "title": "Newsletter", "state": "pending" },
                { "title": "Online surveys", "state": "granted" },
                { "title": "Contact from partners", "state": "withdrawn" },
            ],
            "topics": ["Newsletter"],
            "valid_days": 90,
            "request_kind": "a copy of your data",
            "received_at": "2026-03-02 09:00",
            "due_on": "2026-04-02",
            "completed": false,
            "rejected": true,
            "outcome": "We need the processing to keep your contract running.",
            "reason": "Your request covers twelve years of records.",
            "restricted_at": "2026-03-02 09:00",
            "lifted_at": "2026-03-09 09:00",
            "erased_at": "2026-03-02 09:00",
            "version": 2,
            "effective_on": "2026-04-01",
            "summary": "We now name the partners we share data with.",
        });
        let link = "https://prefs.example.com/sign-in/link?token=SAMPLE";
        render(
            kind,
            &MailContext {
                org: &org,
                base_url: "https://prefs.example.com/",
                link: Some(link),
                vars: &vars,
            },
        )
        .unwrap()
    }

    #[test]
    fn every_kind_renders_a_subject_a_text_and_an_html_part() {
        for kind in MailKind::ALL {
            let mail = sample(kind);
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
        let mail = sample(MailKind::SignInLink);
        assert!(mail.html.contains("Ada &lt;Lindqvist&gt;"));
        assert!(!mail.html.contains("<Lindqvist>"));
        assert!(mail.text.contains("Hello Ada <Lindqvist>,"));
    }

    #[test]
    fn templates_match_their_snapshots() {
        for kind in MailKind::ALL {
            let mail = sample(kind);
            insta::assert_snapshot!(format!("{}_subject", kind.as_str()), mail.subject);
            insta::assert_snapshot!(format!("{}_text", kind.as_str()), mail.text);
            insta::assert_snapshot!(format!("{}_html", kind.as_str()), mail.html);
        }
    }
}
