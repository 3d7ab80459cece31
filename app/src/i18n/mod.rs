//! The UI string catalogue. Every user-visible string comes from here, never inline in a view.
//!
//! The catalogue is a typed struct rather than string keys so a missing text is a compile
//! error. A second language is a second `static` of the same type.

mod en;

pub use en::EN;

/// All user-visible strings of the application.
pub struct Catalogue {
    pub product_name: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_menu: &'static str,
    pub nav_home: &'static str,
    pub footer_controller: &'static str,
    pub footer_privacy_contact: &'static str,
    pub footer_supervisory_authority: &'static str,
    pub footer_authority_hint: &'static str,
    pub home_title: &'static str,
    pub home_lead: &'static str,
    pub home_promises: [(&'static str, &'static str); 4],
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub not_found_home_link: &'static str,
    pub error_title: &'static str,
    pub error_body: &'static str,
    pub error_reference: &'static str,
}

/// The catalogue for the current request. Only English exists today; the person's preferred
/// language chooses here once a second catalogue is added.
pub fn t() -> &'static Catalogue {
    &EN
}
