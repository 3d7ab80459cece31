//! Forms that work without JavaScript.
//!
//! Every form is a plain HTML `<form method="post">` to a server function. The server function
//! validates, acts, and answers with a [`FormState`]. A browser's own form post (no
//! JavaScript) gets a redirect back (post/redirect/get) with the state kept for one page view
//! in the session, so the page shows the messages next to the fields; a script or test that
//! asks for JSON gets the state itself, with status 422 when a field was refused.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::i18n::t;

/// The outcome of a form post: values to put back (never passwords), a message per refused
/// field, and a message about the form as a whole.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormState {
    pub form: String,
    pub values: BTreeMap<String, String>,
    pub errors: BTreeMap<String, String>,
    pub problem: Option<String>,
    /// Set when a rate limit refused the post.
    pub retry_after_minutes: Option<i64>,
}

impl FormState {
    pub fn new(form: &str) -> Self {
        Self {
            form: form.to_owned(),
            ..Self::default()
        }
    }

    pub fn keep(mut self, field: &str, value: &str) -> Self {
        self.values.insert(field.to_owned(), value.to_owned());
        self
    }

    pub fn refuse(&mut self, field: &str, message: &str) {
        self.errors
            .entry(field.to_owned())
            .or_insert_with(|| message.to_owned());
    }

    pub fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }

    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).cloned()
    }

    pub fn is_refused(&self) -> bool {
        !self.errors.is_empty() || self.problem.is_some()
    }
}

/// The hidden CSRF field every form carries. The server's middleware checks it.
#[component]
pub fn CsrfField() -> impl IntoView {
    view! { <input type="hidden" name="csrf_token" value=csrf_token()/> }
}

#[cfg(feature = "ssr")]
fn csrf_token() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<crate::platform::csrf::CsrfToken>()
                .cloned()
        })
        .map(|token| token.0)
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn csrf_token() -> String {
    String::new()
}

/// A labelled input with its hint and error, wired for screen readers.
#[component]
pub fn Field(
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = true)] required: bool,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] minlength: Option<u32>,
    #[prop(optional, into)] value: String,
    #[prop(default = None)] error: Option<String>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = hint.map(|_| format!("{id}-hint"));
    let error_id = error.as_ref().map(|_| format!("{id}-error"));
    let described_by = [hint_id.clone(), error_id.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let invalid = error.is_some();
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            {error.map(|error| view! { <p class="field-error" id=error_id.clone()>{error}</p> })}
            <input
                id=id
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                required=required
                maxlength=maxlength
                minlength=minlength
                aria-invalid=invalid.then_some("true")
                aria-describedby=(!described_by.is_empty()).then_some(described_by)
            />
        </div>
    }
}

/// The message about the form as a whole, announced to screen readers.
#[component]
pub fn FormProblem(problem: Option<String>) -> impl IntoView {
    problem.map(|problem| view! { <div class="form-problem" role="alert"><p>{problem}</p></div> })
}

/// The text for a refused request from the rate limiter.
pub fn try_again_in(minutes: i64) -> String {
    t().try_again_in
        .replace("{minutes}", &minutes.to_string())
        .replace(
            "{unit}",
            if minutes == 1 {
                t().minute
            } else {
                t().minutes
            },
        )
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use leptos::prelude::*;
    use tower_sessions::Session;

    use super::FormState;

    const FORM_KEY: &str = "flash_form";
    const NOTICE_KEY: &str = "flash_notice";

    pub fn session() -> Result<Session, ServerFnError> {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Session>().cloned())
            .ok_or_else(|| ServerFnError::ServerError("no session layer".into()))
    }

    fn from_browser_form() -> bool {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.headers.get(http::header::ACCEPT).cloned())
            .and_then(|accept| accept.to_str().ok().map(|v| v.contains("text/html")))
            .unwrap_or(false)
    }

    /// A failure the visitor cannot fix: the server answers 500 (the shield logs the cause).
    pub fn internal(err: impl std::fmt::Display) -> ServerFnError {
        ServerFnError::ServerError(err.to_string())
    }

    /// Leaves a refused form's state for the page a plain (non-Leptos) handler redirects to.
    pub async fn flash_form(
        session: &tower_sessions::Session,
        state: &FormState,
    ) -> Result<(), tower_sessions::session::Error> {
        session.insert(FORM_KEY, state).await
    }

    /// Leaves a notice for the next page a plain handler redirects to.
    pub async fn flash_notice(
        session: &tower_sessions::Session,
        notice: &str,
    ) -> Result<(), tower_sessions::session::Error> {
        session.insert(NOTICE_KEY, notice).await
    }

    /// Refuses a post for who sent it rather than what it holds (401 not signed in, 403 not
    /// allowed): a browser form goes to `back_to`, whatever page that is, with the state's
    /// message as the page's notice; a script gets the status itself.
    pub async fn refuse_with(
        state: FormState,
        back_to: &str,
        status: http::StatusCode,
    ) -> Result<FormState, ServerFnError> {
        if from_browser_form() {
            let notice = state.problem.clone();
            answer(
                FormState::new(&state.form),
                back_to,
                back_to,
                notice.as_deref(),
            )
            .await?;
            return Ok(state);
        }
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(status);
        }
        Ok(state)
    }

    /// Answers a form post. A refused form goes back to `back_to` with its state; an accepted
    /// one goes to `next` with an optional notice for the next page.
    pub async fn answer(
        state: FormState,
        back_to: &str,
        next: &str,
        notice: Option<&str>,
    ) -> Result<FormState, ServerFnError> {
        if from_browser_form() {
            let session = session()?;
            if state.is_refused() {
                session.insert(FORM_KEY, &state).await.map_err(internal)?;
                leptos_axum::redirect(back_to);
            } else {
                if let Some(notice) = notice {
                    session.insert(NOTICE_KEY, notice).await.map_err(internal)?;
                }
                leptos_axum::redirect(next);
            }
        } else if state.is_refused()
            && let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(if state.retry_after_minutes.is_some() {
                    http::StatusCode::TOO_MANY_REQUESTS
                } else {
                    http::StatusCode::UNPROCESSABLE_ENTITY
                });
            }
        Ok(state)
    }

    /// The state the last refused post left, once (the page it redirected to shows it).
    pub async fn take_form(
        session: &Session,
    ) -> Result<Option<FormState>, tower_sessions::session::Error> {
        if session.get::<FormState>(FORM_KEY).await?.is_none() {
            return Ok(None);
        }
        session.remove::<FormState>(FORM_KEY).await
    }

    /// The notice the last accepted post left for the next page, once.
    pub async fn take_notice(
        session: &Session,
    ) -> Result<Option<String>, tower_sessions::session::Error> {
        if session.get::<String>(NOTICE_KEY).await?.is_none() {
            return Ok(None);
        }
        session.remove::<String>(NOTICE_KEY).await
    }
}
