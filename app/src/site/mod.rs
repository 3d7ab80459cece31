//! The site frame: document shell, router, layout, and the pages that belong to no feature
//! (home, not found, server error).

pub mod admin_frame;
pub mod error_page;
pub mod home;
pub mod layout;
pub mod not_found;
pub mod routes;
pub mod shell;
