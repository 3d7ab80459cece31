//! The signed-in person's own pages. Today: who you are signed in as; the "My data" issue
//! grows this into the full view of everything held.

pub mod pages;
