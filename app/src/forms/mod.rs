//! Forms that work without JavaScript.
//!
//! Every form is a plain HTML `<form method="post">` to a server function. The server function
//! validates, acts, and answers with a [`FormState`]. A browser's own form post (no
//! JavaScript) gets a redirect back (post/redirect/get) with the state kept for one page view
//! in the session, so the page shows the messages next to the fields; a script or test that
//! asks for JSON gets the state itself, with status 422 when a field was refused. How: every
//! server function returns `settle(form, async { … })` over a [`ssr::Outcome`]; guards and
//! parsers refuse with `?` ([`ssr::Refused`]).

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::i18n::{current_locale, tr};

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
    /// What an accepted post says, for a caller that stays on the page (`SavesInPlace`); a
    /// plain form post gets it on the page it is redirected to instead.
    pub notice: Option<String>,
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

    /// Refuses the field a domain error names, with its message.
    pub fn refuse_value(&mut self, err: &impl FieldError) {
        self.refuse(err.field(), err.message());
    }

    /// The parsed value, or `None` after refusing the field its error names.
    pub fn check<T, E: FieldError>(&mut self, parsed: Result<T, E>) -> Option<T> {
        parsed.map_err(|err| self.refuse_value(&err)).ok()
    }

    /// As [`check`](Self::check), for a form whose field for this value has a name of its own
    /// (the staff invitation's `staff_email`, say).
    pub fn check_as<T, E: FieldError>(&mut self, field: &str, parsed: Result<T, E>) -> Option<T> {
        parsed.map_err(|err| self.refuse(field, err.message())).ok()
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

/// The ids given out while one page renders. Ids come from field names, and names are unique
/// per form, not per page: the sign-in page's password form and e-mailed-link form both take
/// `email`. Each control still gets its own id, so each label names its own control.
#[derive(Clone, Default)]
pub struct PageIds(std::sync::Arc<std::sync::Mutex<BTreeMap<String, u32>>>);

impl PageIds {
    /// Starts the page's ids (the shell calls it once per render).
    pub fn provide() {
        provide_context(Self::default());
    }
}

/// `base`, or `base-2`, `base-3`… when the page has given `base` out already.
pub fn unique_id(base: String) -> String {
    let Some(ids) = use_context::<PageIds>() else {
        return base;
    };
    let mut given = ids.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let times = given.entry(base.clone()).or_insert(0);
    *times += 1;
    match *times {
        1 => base,
        n => format!("{base}-{n}"),
    }
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
    let id = unique_id(format!("field-{name}"));
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

/// After a refused post: what is wrong, announced when the page opens, each message a link to
/// its field (`#field-<name>`, the id a form's first field of that name gets). The frame puts
/// it at the top of the main content; the messages also stand next to their fields.
#[component]
pub fn ErrorSummary(state: FormState) -> impl IntoView {
    let locale = current_locale();
    (!state.errors.is_empty()).then(|| {
        let items = state
            .errors
            .into_iter()
            .map(|(field, message)| {
                view! { <li><a href=format!("#field-{field}")>{message}</a></li> }
            })
            .collect_view();
        view! {
            <div class="form-problem error-summary" role="alert">
                <h2>{tr!(locale, common.form_errors_title)}</h2>
                <ul>{items}</ul>
            </div>
        }
    })
}

/// The message about the form as a whole, announced to screen readers.
#[component]
pub fn FormProblem(problem: Option<String>) -> impl IntoView {
    problem.map(|problem| view! { <div class="form-problem" role="alert"><p>{problem}</p></div> })
}

/// The text for a refused request from the rate limiter.
pub fn try_again_in(minutes: i64) -> String {
    tr!(current_locale(), common.try_again_in, count = minutes)
}

#[cfg(feature = "ssr")]
pub mod ssr;

mod fields;
pub mod in_place;
pub use fields::FieldError;
