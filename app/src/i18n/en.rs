use super::Catalogue;

pub static EN: Catalogue = Catalogue {
    product_name: "Preference centre",
    skip_to_content: "Skip to main content",
    nav_label: "Main",
    nav_menu: "Menu",
    nav_home: "Home",
    footer_controller: "Data controller",
    footer_privacy_contact: "Privacy questions",
    footer_supervisory_authority: "Supervisory authority",
    footer_authority_hint: "You have the right to lodge a complaint with the supervisory authority.",
    home_title: "Your data, your choices",
    home_lead: "See the personal data we hold about you, keep it correct, and decide what we may send you. Every change takes effect at once and is confirmed by e-mail.",
    home_promises: [
        ("See everything", "Every piece of personal data we hold about you, why we hold it and for how long."),
        ("Keep it correct", "Update your contact details whenever they change."),
        ("Choose what you receive", "Grant or withdraw consent per topic, at any time, in one click."),
        ("Stop or erase", "Ask us to stop processing your data or to delete it."),
    ],
    not_found_title: "Page not found",
    not_found_body: "There is no page at this address. It may have moved, or the link may be mistyped.",
    not_found_home_link: "Go to the home page",
    error_title: "Something went wrong on our side",
    error_body: "Your request could not be completed, and nothing was changed. Please try again in a moment. If it keeps happening, contact us and quote the reference below.",
    error_reference: "Reference",
};
