//! The answer to a form post: the refusal type every guard and parser returns, and the one
//! function ([`settle`]) that turns an outcome into a redirect (a browser's own post) or a
//! status with the state (a script), with the field messages or notice kept for one page view.

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

/// What a form post comes to. Guards, parsers and actions return [`Refused`] with `?`;
/// [`settle`] turns either side into the one answer the sender gets.
pub type Outcome = Result<Accepted, Refused>;

/// A post that did what it asked: where the browser goes next, and the notice it shows.
#[derive(Debug)]
pub struct Accepted {
    next: String,
    notice: Option<String>,
}

impl Accepted {
    pub fn to(next: impl Into<String>) -> Self {
        Self {
            next: next.into(),
            notice: None,
        }
    }

    pub fn notice(mut self, notice: impl Into<String>) -> Self {
        self.notice = Some(notice.into());
        self
    }
}

/// Why a form post changed nothing.
#[derive(Debug)]
pub enum Refused {
    /// What the form holds: a message per refused field or about the whole form. A browser
    /// goes back to `back_to` with the state kept for that page; a script gets the state
    /// with 422 (429 when a rate limit refused it).
    /// (Boxed: a refusal travels through every `?`, and the state is the bulk of it.)
    Form {
        state: Box<FormState>,
        back_to: String,
    },
    /// Who sent it: not signed in (401), not allowed (403), nothing there to act on (404).
    /// A browser goes to `to`, whatever page that is, with `problem` as its notice; a
    /// script gets the status.
    Sender {
        form: String,
        problem: String,
        status: http::StatusCode,
        to: String,
    },
    /// The server failed: 500 (the shield logs the cause).
    Failed(ServerFnError),
}

impl Refused {
    /// The form's state goes back to `back_to` as it is.
    pub fn form(state: FormState, back_to: impl Into<String>) -> Self {
        Self::Form {
            state: Box::new(state),
            back_to: back_to.into(),
        }
    }

    /// The form as a whole is refused with `problem`.
    pub fn problem(
        mut state: FormState,
        problem: impl Into<String>,
        back_to: impl Into<String>,
    ) -> Self {
        state.problem = Some(problem.into());
        Self::form(state, back_to)
    }

    /// A rate limit refused the post: try again in `minutes`.
    pub fn limited(mut state: FormState, minutes: i64, back_to: impl Into<String>) -> Self {
        state.retry_after_minutes = Some(minutes);
        Self::problem(state, super::try_again_in(minutes), back_to)
    }

    pub fn sender(
        form: &str,
        status: http::StatusCode,
        problem: &str,
        to: impl Into<String>,
    ) -> Self {
        Self::Sender {
            form: form.to_owned(),
            problem: problem.to_owned(),
            status,
            to: to.into(),
        }
    }
}

impl From<ServerFnError> for Refused {
    fn from(err: ServerFnError) -> Self {
        Self::Failed(err)
    }
}

impl From<sea_orm::DbErr> for Refused {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Failed(internal(err))
    }
}

impl From<tower_sessions::session::Error> for Refused {
    fn from(err: tower_sessions::session::Error) -> Self {
        Self::Failed(internal(err))
    }
}

/// The one answer to a form post of `form`, accepted or refused: the redirect, the status,
/// and the field messages or notice kept for the next page.
pub async fn settle(
    form: &str,
    outcome: impl std::future::Future<Output = Outcome>,
) -> Result<FormState, ServerFnError> {
    let browser = from_browser_form();
    let status = |status: http::StatusCode| {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(status);
        }
    };
    match outcome.await {
        Ok(Accepted { next, notice }) => {
            if browser {
                if let Some(notice) = notice {
                    session()?
                        .insert(NOTICE_KEY, notice)
                        .await
                        .map_err(internal)?;
                }
                leptos_axum::redirect(&next);
                return Ok(FormState::new(form));
            }
            let mut state = FormState::new(form);
            state.notice = notice;
            Ok(state)
        }
        Err(Refused::Form { state, back_to }) => {
            if browser {
                session()?
                    .insert(FORM_KEY, &state)
                    .await
                    .map_err(internal)?;
                leptos_axum::redirect(&back_to);
            } else {
                status(if state.retry_after_minutes.is_some() {
                    http::StatusCode::TOO_MANY_REQUESTS
                } else {
                    http::StatusCode::UNPROCESSABLE_ENTITY
                });
            }
            Ok(*state)
        }
        Err(Refused::Sender {
            form,
            problem,
            status: code,
            to,
        }) => {
            if browser {
                session()?
                    .insert(NOTICE_KEY, &problem)
                    .await
                    .map_err(internal)?;
                leptos_axum::redirect(&to);
            } else {
                status(code);
            }
            let mut state = FormState::new(&form);
            state.problem = Some(problem);
            Ok(state)
        }
        Err(Refused::Failed(err)) => Err(err),
    }
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
