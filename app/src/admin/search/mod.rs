//! Finding a person: the admin home page and its search.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use serde::{Deserialize, Serialize};

/// One person in the search results: enough to pick the right one, nothing more.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    pub id: String,
    pub name: Option<String>,
    pub email: String,
    pub city: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub page: u64,
    pub people: Vec<Found>,
    /// Links to the neighbouring pages of results, when there are any.
    pub next: Option<String>,
    pub previous: Option<String>,
}

/// The admin home: the search (the admin frame says who is signed in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminHome {
    pub results: SearchResults,
}
