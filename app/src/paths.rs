//! Every page's path, in one place below every feature: the router, the route list, the
//! loaders' redirects and every link name them from here, so a typo is a build error.

// site
pub const HOME: &str = "/";

// auth
pub const SIGN_UP: &str = "/sign-up";
pub const CHECK_EMAIL: &str = "/check-email";
pub const SIGN_IN: &str = "/sign-in";
pub const SIGN_IN_LINK: &str = "/sign-in/link";
pub const VERIFY_EMAIL: &str = "/verify-email";
pub const FORGOT_PASSWORD: &str = "/forgot-password";
pub const RESET_PASSWORD: &str = "/reset-password";
pub const RESEND_CONFIRMATION: &str = "/resend-confirmation";

// account
pub const MY_DATA: &str = "/account";
pub const DETAILS: &str = "/account/details";
pub const SECURITY: &str = "/account/security";
pub const EMAIL: &str = "/account/email";
pub const EMAIL_CONFIRM: &str = "/account/email/confirm";
pub const EMAIL_CANCEL: &str = "/account/email/cancel";

// consents
pub const CONSENTS: &str = "/account/consents";
pub const SUBSCRIBE: &str = "/subscribe";
pub const CONSENT_CONFIRM: &str = "/consents/confirm";
pub const CONSENT_UNDO: &str = "/consents/undo";

// newsletter
/// The profile link at the foot of every newsletter (`?t=` carries the manage token).
pub const PROFILE: &str = "/p";
/// The one-click unsubscribe link (`?t=` carries the unsubscribe token).
pub const UNSUBSCRIBE: &str = "/u";

// policy
/// The privacy policy in force (`?v=` shows an earlier version).
pub const PRIVACY: &str = "/privacy";
pub const COOKIES: &str = "/cookies";

// rights
pub const RIGHTS: &str = "/account/rights";
/// Where an erased person lands (signed out, nothing left to show).
pub const ERASED: &str = "/erased";

// admin
pub const ADMIN_HOME: &str = "/admin";

/// Whether a path is one of the staff pages (they have their own frame).
pub fn is_staff_page(path: &str) -> bool {
    path == ADMIN_HOME || path.starts_with("/admin/")
}

pub const ADMIN_SIGN_IN: &str = "/admin/sign-in";
pub const ADMIN_SETUP: &str = "/admin/setup";
pub const ADMIN_SETUP_DONE: &str = "/admin/setup/done";
pub const ADMIN_PERSON: &str = "/admin/person";
pub const ADMIN_ACT: &str = "/admin/person/act";
pub const ADMIN_REQUESTS: &str = "/admin/requests";
pub const ADMIN_REQUEST: &str = "/admin/request";
pub const ADMIN_DASHBOARD: &str = "/admin/dashboard";
pub const ADMIN_MANAGE: &str = "/admin/manage";
pub const ADMIN_TOPIC: &str = "/admin/topic";
pub const ADMIN_POLICY_NEW: &str = "/admin/policy/new";
pub const ADMIN_OUTBOX: &str = "/admin/outbox";
pub const ADMIN_AUDIT: &str = "/admin/audit";
/// The page the identity-check e-mail opens (for the person, not staff).
pub const IDENTITY_CONFIRM: &str = "/identity/confirm";
