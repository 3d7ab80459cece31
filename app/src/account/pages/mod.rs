//! The person's own pages.

mod details;
mod email;
mod my_data;
mod security;

pub use details::{DetailsInputs, DetailsPage};
pub use email::{EmailCancelPage, EmailChangePage, EmailConfirmPage};
pub use my_data::{
    AccessSection, DisclosuresSection, LifecycleSection, MyDataPage, StaffViewsSection,
};
pub use security::SecurityPage;
