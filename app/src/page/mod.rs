//! What a page request carries, and how features declare their pages.
//!
//! Everything a page shows is loaded *before* Leptos renders it, and components read it
//! synchronously. Why not Leptos resources with `<Suspense>`: on a two-core machine, server
//! rendering with resources intermittently never resumed a resource's future, and the request
//! hung until the 30-second timeout (leptos-rs/leptos#4647, open). Loading first keeps
//! rendering a pure, synchronous function of data: no spawned futures, no hang, and one place
//! per page that says what it reads.
//!
//! Each feature declares its pages in its own `routes.rs`: on the server, a [`load::Route`]
//! per page with its access rule, typed loader and view, its path a constant of
//! `crate::paths` (shared by links and loaders). The site collects them into the route list,
//! which is the router: the server registers those paths, its page middleware runs the
//! loader of the requested path and puts the [`RequestData`] in the request's extensions, and
//! the shell renders that route's view.
//! A page reads its own type with [`PageData::get`]; nothing here names any feature's data.

#[cfg(feature = "ssr")]
pub mod load;

use std::any::Any;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::forms::FormState;

/// The signed-in person, for pages that greet them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub name: String,
    pub email: String,
}

/// The signed-in staff member, for the admin frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffViewer {
    pub name: String,
    pub role: crate::domain::StaffRole,
}

/// The notice a signed-in person sees after a material policy change until they acknowledge
/// it: part of the frame of every page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyNotice {
    pub version: i32,
    pub effective_on: String,
    pub summary: String,
}

/// What one page request needs: the frame (who is signed in, the notice the last action
/// left, a policy notice due), the state a refused form left, and the page's own data.
#[derive(Clone, Debug, Default)]
pub struct RequestData {
    pub viewer: Option<Viewer>,
    /// Set on staff pages (the admin frame shows who is signed in and what they may open).
    pub staff: Option<StaffViewer>,
    pub notice: Option<String>,
    pub form: Option<FormState>,
    pub page: PageData,
    pub policy_notice: Option<PolicyNotice>,
}

/// One page's data, of the type its loader chose (or nothing: an unknown record, a link that
/// no longer works). Its page asks for that type; any other type reads as nothing.
#[derive(Clone, Default)]
pub struct PageData(Option<Arc<dyn Any + Send + Sync>>);

impl PageData {
    pub fn new<T: Any + Send + Sync>(data: T) -> Self {
        Self(Some(Arc::new(data)))
    }

    /// Nothing to show: the page renders its "not found" or "link gone" state.
    pub fn nothing() -> Self {
        Self(None)
    }

    /// The data if found, else nothing.
    pub fn found<T: Any + Send + Sync>(data: Option<T>) -> Self {
        Self(data.map(|data| Arc::new(data) as Arc<dyn Any + Send + Sync>))
    }

    /// The data, if the loader gave a `T`.
    pub fn get<T: Any + Clone>(&self) -> Option<T> {
        self.0.as_ref()?.downcast_ref::<T>().cloned()
    }

    pub fn is<T: Any>(&self) -> bool {
        self.0.as_ref().is_some_and(|data| data.is::<T>())
    }
}

impl std::fmt::Debug for PageData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "PageData(..)" } else { "PageData(nothing)" })
    }
}

/// This request's data (empty outside a server render).
pub fn request_data() -> RequestData {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<RequestData>().cloned())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        RequestData::default()
    }
}

/// This page's data, if its loader gave a `T`.
pub fn page<T: Any + Clone>() -> Option<T> {
    request_data().page.get::<T>()
}

/// The state the last post of `form` left, or a fresh one.
pub fn form_state(form: &str) -> FormState {
    request_data()
        .form
        .filter(|state| state.form == form)
        .unwrap_or_else(|| FormState::new(form))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_reads_only_the_type_its_loader_gave() {
        let data = PageData::new(String::from("mine"));
        assert_eq!(data.get::<String>().as_deref(), Some("mine"));
        assert_eq!(data.get::<u32>(), None);
        assert!(data.is::<String>());
        assert_eq!(PageData::nothing().get::<String>(), None);
    }
}
