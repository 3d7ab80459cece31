//! What the account pages show, prepared on the server. Plain data: dates come formatted,
//! ids as text.

use serde::{Deserialize, Serialize};

use crate::domain::{contact::ContactChannel, meal::MealPreference};
use crate::domain::Lifecycle;

/// The contact-details form as posted, every field as typed: the person's own form and the
/// staff one post the same fields, and both server functions take this one struct (parsed by
/// `account::api::parse_details`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFields {
    pub name: String,
    pub phone: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub company: String,
    pub job_title: String,
    pub language: String,
    pub contact_channel: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyData {
    pub identity: Identity,
    pub consents: Vec<crate::consents::model::TopicChoice>,
    pub registrations: Vec<Registration>,
    pub access: Vec<Access>,
    pub access_retention_days: i64,
    pub disclosures: Vec<Disclosure>,
    pub lifecycle: LifecycleView,
    pub processing: Vec<crate::policy::ProcessingView>,
    pub requests: Vec<crate::rights::RequestView>,
    pub restricted_since: Option<String>,
    /// "Who looked at my data": each time staff opened the person's record.
    pub staff_views: Vec<StaffView>,
}

/// One opening of the person's record by staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub at: String,
    pub role: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub name: Option<String>,
    pub email: String,
    pub email_confirmed: bool,
    pub phone: Option<String>,
    pub address: Option<Vec<String>>,
    pub company: Option<String>,
    pub job_title: Option<String>,
    pub language: String,
    pub contact_channel: ContactChannel,
}

/// The contact-details form as it stands in the database, with the version it was read at.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailsForm {
    pub version: i32,
    /// The fields as stored, in the shape the form posts them.
    pub fields: ContactFields,
    /// (code, name) of every country, by name.
    pub countries: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub id: String,
    pub title: String,
    pub place: String,
    pub starts_at: String,
    pub upcoming: bool,
    pub meal: Option<MealPreference>,
    pub dietary_needs: Option<String>,
    pub version: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    pub at: String,
    pub method: String,
    pub ip: Option<String>,
    pub device: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    pub partner: String,
    pub categories: String,
    pub purpose: String,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifecycleView {
    pub stage: Lifecycle,
    pub prospect_until: Option<String>,
    pub active_contract: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Security {
    pub has_password: bool,
    pub sessions: Vec<SessionView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    /// The session's storage key (a hash of its id): enough to end it, useless as a cookie.
    pub key: String,
    pub device: String,
    pub ip: Option<String>,
    pub started: String,
    pub last_seen: String,
    pub current: bool,
}

/// What the e-mail change form needs to know.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailChange {
    pub current: String,
    /// With a password, the form asks for it; without one, a recent sign-in link stands in.
    pub has_password: bool,
    pub recently_signed_in: bool,
}
