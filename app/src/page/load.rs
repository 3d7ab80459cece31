//! The server side of a page: its route (path, access rule, loader) and what a loader gets.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::AnyView;
use tower_sessions::Session;
use super::PageData;
use crate::domain::StaffRole;
use crate::platform::context::AppContext;
use crate::store::{people, staff};

/// What a loader reads: the deployment, the browser's session and the query string.
pub struct Load<'a> {
    pub ctx: &'a AppContext,
    pub browser: &'a Session,
    pub query: Option<&'a str>,
}

impl Load<'_> {
    /// One query parameter, or empty.
    pub fn query(&self, name: &str) -> String {
        self.query
            .and_then(|q| url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == name))
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    }
}

/// The signed-in staff member a staff page's loader acts for.
pub struct StaffMember {
    pub member: staff::Model,
    pub role: StaffRole,
}

/// A page's data, or where to send the browser instead.
pub enum Loaded {
    Page(PageData),
    Redirect(&'static str),
}

impl From<PageData> for Loaded {
    fn from(data: PageData) -> Self {
        Self::Page(data)
    }
}

/// Loading failed for a reason the visitor cannot fix (the server answers 500).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Session(#[from] tower_sessions::session::Error),
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
    #[error("{0}")]
    Other(String),
}

pub type Loading<'a> = Pin<Box<dyn Future<Output = Result<Loaded, LoadError>> + Send + 'a>>;

/// Who may open a page, and its loader.
pub enum Access {
    /// Anyone; the loader decides what the visitor sees.
    Anyone(for<'a> fn(&'a Load<'a>) -> Loading<'a>),
    /// A signed-in person (else the sign-in page); the loader gets their record.
    Person(for<'a> fn(&'a Load<'a>, &'a people::Model) -> Loading<'a>),
    /// A signed-in staff member (else the staff sign-in page) with one of these roles (else
    /// a "not allowed" page); the loader gets the member.
    Staff(&'static [StaffRole], for<'a> fn(&'a Load<'a>, &'a StaffMember) -> Loading<'a>),
    /// A page with nothing to load.
    Plain,
}

/// One page: its path (a constant shared with the links to it), its access rule and loader,
/// and the view that renders it. The route list is the router: the server registers these
/// paths and renders a path's view once its loader has run.
pub struct Route {
    pub path: &'static str,
    pub access: Access,
    pub view: fn() -> AnyView,
}

impl Route {
    pub const fn plain(path: &'static str, view: fn() -> AnyView) -> Self {
        Self {
            path,
            access: Access::Plain,
            view,
        }
    }
}

/// Every role: a staff page any signed-in member may open.
pub const ANY_STAFF: &[StaffRole] = &[StaffRole::Support, StaffRole::Admin, StaffRole::Auditor];
/// The roles that change things.
pub const ACTING_STAFF: &[StaffRole] = &[StaffRole::Support, StaffRole::Admin];
