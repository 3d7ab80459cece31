//! Server functions for the person's own pages. Each checks who is signed in first; a form
//! posted after the session ended leads to the sign-in page and changes nothing.

#[cfg(feature = "ssr")]
use crate::paths;

use leptos::prelude::*;

use crate::account::views::ContactFields;
use crate::forms::FormState;
#[cfg(feature = "ssr")]
use crate::i18n::tr;
#[cfg(feature = "ssr")]
use crate::forms::ssr::{Accepted, Refused, settle};

#[cfg(feature = "ssr")]
pub(super) mod support {
    use uuid::Uuid;

    pub use crate::forms::ssr::internal;

    pub use crate::auth::ssr::guard::signed_in_person;

    pub fn uuid(raw: &str) -> Option<Uuid> {
        Uuid::parse_str(raw).ok()
    }
}

#[cfg(feature = "ssr")]
use support::*;

/// Keeps every contact-details field's value, to show again after a refusal.
#[cfg(feature = "ssr")]
pub fn keep_details(f: &ContactFields, state: FormState) -> FormState {
    [
        ("name", &f.name),
        ("phone", &f.phone),
        ("street", &f.street),
        ("postal_code", &f.postal_code),
        ("city", &f.city),
        ("country", &f.country),
        ("company", &f.company),
        ("job_title", &f.job_title),
        ("language", &f.language),
        ("contact_channel", &f.contact_channel),
    ]
    .into_iter()
    .fold(state, |state, (field, value)| state.keep(field, value))
}

/// Checks every contact-details field, refusing each bad one on `state` with its message.
#[cfg(feature = "ssr")]
pub fn parse_details(
    state: &mut FormState,
    f: &ContactFields,
) -> Option<crate::account::ssr::details::Details> {
    use crate::account::ssr::details::Details;
    use crate::domain::contact::{
        ContactChannel, Country, PhoneNumber, PostalAddress, language as parse_language,
        optional_text,
    };
    let locale = crate::i18n::current_locale();
    let parsed_name = state.check(crate::domain::PersonName::parse(&f.name));
    let address = PostalAddress::parse(&f.street, &f.postal_code, &f.city, &f.country)
        .map_err(|errors| errors.iter().for_each(|err| state.refuse_value(err)))
        .ok();
    let phone = match f.phone.trim() {
        "" => Some(None),
        raw => state
            .check(PhoneNumber::parse(raw, Country::parse(&f.country).as_ref()))
            .map(Some),
    };
    let mut text_field = |field: &'static str, raw: &str| {
        optional_text(raw, 200)
            .map_err(|err| state.refuse_value(&(field, err)))
            .ok()
    };
    let company = text_field("company", &f.company);
    let job_title = text_field("job_title", &f.job_title);
    let language = parse_language(&f.language);
    if language.is_none() {
        state.refuse("language", tr!(locale, common.choose_from_list));
    }
    let channel = ContactChannel::parse(&f.contact_channel);
    if channel.is_none() {
        state.refuse("contact_channel", tr!(locale, common.choose_from_list));
    }
    let (
        Some(name),
        Some(address),
        Some(phone),
        Some(company),
        Some(job_title),
        Some(language),
        Some(contact_channel),
    ) = (
        parsed_name,
        address,
        phone,
        company,
        job_title,
        language,
        channel,
    )
    else {
        return None;
    };
    Some(Details {
        name,
        phone,
        address,
        company,
        job_title,
        language,
        contact_channel,
    })
}

#[server(endpoint = "account/details")]
pub async fn save_details(
    version: i32,
    #[server(flatten)] fields: ContactFields,
) -> Result<FormState, ServerFnError> {
    use crate::account::ssr::details::{self, Saved};

    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "details";
    settle(FORM, async {
        let person = signed_in_person(FORM).await?;
        let ctx = AppContext::current()?;
        let locale = current_locale();
        let mut state = keep_details(&fields, FormState::new(FORM));
        let Some(details) = parse_details(&mut state, &fields) else {
            return Err(Refused::form(state, paths::DETAILS));
        };
        match details::save(
            &ctx,
            &RequestInfo::current(),
            person,
            version,
            details,
            details::Editor::person(person),
        )
        .await
        .map_err(internal)?
        {
            Saved::Changed(changed) if changed.is_empty() => {
                Ok(Accepted::to(paths::MY_DATA).notice(tr!(locale, common.notice_nothing_changed)))
            }
            Saved::Changed(_) => {
                // A saved language the product speaks is this session's language from now on.
                let locale = match crate::i18n::negotiate::from_code(&fields.language) {
                    Some(saved) => {
                        crate::forms::ssr::session()?
                            .insert(crate::i18n::negotiate::SESSION_KEY, crate::i18n::code(saved))
                            .await?;
                        saved
                    }
                    None => locale,
                };
                Ok(Accepted::to(paths::MY_DATA).notice(tr!(locale, common.notice_details_saved)))
            }
            Saved::Stale(current) => {
                // The form shows what is stored now, to be checked and saved again.
                let state = keep_details(&current.fields, FormState::new(FORM));
                Err(Refused::problem(
                    state,
                    tr!(locale, common.changed_meanwhile),
                    paths::DETAILS,
                ))
            }
        }
    })
    .await
}

/// Changes the meal preference of an upcoming event (`action=set`), removes it
/// (`action=remove-meal`) or cancels the registration (`action=cancel`).
#[server(endpoint = "account/registration")]
pub async fn change_registration(
    registration: String,
    version: i32,
    action: String,
    meal: Option<String>,
    dietary_needs: Option<String>,
) -> Result<FormState, ServerFnError> {
    use crate::account::ssr::events::{self, Change, Outcome};
    use crate::domain::{contact::optional_text, meal::MealPreference};
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const BACK: &str = "/account#events";
    let form = format!("registration-{registration}");
    settle(&form, async {
        let person = signed_in_person(&form).await?;
        let ctx = AppContext::current()?;
        let locale = current_locale();
        let mut state = FormState::new(&form);
        let change = match action.as_str() {
            "set" => {
                let meal = meal.as_deref().and_then(MealPreference::parse);
                if meal.is_none() {
                    state.refuse("meal", tr!(locale, common.choose_from_list));
                }
                let needs = optional_text(dietary_needs.as_deref().unwrap_or_default(), 300)
                    .map_err(|_| state.refuse("dietary_needs", tr!(locale, common.dietary_needs_invalid)))
                    .ok();
                state = state.keep(
                    "dietary_needs",
                    dietary_needs.as_deref().unwrap_or_default(),
                );
                match (meal, needs) {
                    (Some(meal), Some(dietary_needs)) => Change::SetMeal {
                        meal,
                        dietary_needs,
                    },
                    _ => return Err(Refused::form(state, BACK)),
                }
            }
            "remove-meal" => Change::RemoveMeal,
            "cancel" => Change::Cancel,
            _ => return Err(ServerFnError::Args(format!("unknown action {action}")).into()),
        };
        let Some(registration) = uuid(&registration) else {
            return Err(Refused::problem(state, tr!(locale, common.registration_gone), BACK));
        };
        let outcome = events::change(
            &ctx,
            &RequestInfo::current(),
            person,
            registration,
            version,
            change,
        )
        .await?;
        let problem = match outcome {
            Outcome::Done => return Ok(Accepted::to(BACK).notice(tr!(locale, common.notice_registration_saved))),
            Outcome::Stale => tr!(locale, common.changed_meanwhile),
            Outcome::EventPast => tr!(locale, common.event_past),
            _ => tr!(locale, common.registration_gone),
        };
        Err(Refused::problem(state, problem, BACK))
    })
    .await
}
