//! Server functions for the person's own pages. Each checks who is signed in first; a form
//! posted after the session ended leads to the sign-in page and changes nothing.


#[cfg(feature = "ssr")]
use crate::paths;

use leptos::prelude::*;

use crate::account::views::ContactFields;
use crate::forms::FormState;

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
        AddressError, AddressField, ContactChannel, Country, PhoneError, PhoneNumber,
        PostalAddress, TextError, language as parse_language, optional_text,
    };
    let text = crate::i18n::t();
    let parsed_name = crate::auth::api::parse_name(state, &f.name);
    let address = PostalAddress::parse(&f.street, &f.postal_code, &f.city, &f.country)
        .map_err(|errors| {
            for error in errors {
                let (field, message) = match error {
                    AddressError::Missing(AddressField::Street) => ("street", text.street_missing),
                    AddressError::Invalid(AddressField::Street) => ("street", text.text_invalid),
                    AddressError::Missing(AddressField::City) => ("city", text.city_missing),
                    AddressError::Invalid(AddressField::City) => ("city", text.text_invalid),
                    AddressError::Invalid(AddressField::PostalCode)
                    | AddressError::Missing(AddressField::PostalCode) => {
                        ("postal_code", text.postal_code_invalid)
                    }
                    AddressError::Missing(AddressField::Country) => {
                        ("country", text.country_missing)
                    }
                    AddressError::Invalid(AddressField::Country) => {
                        ("country", text.country_invalid)
                    }
                };
                state.refuse(field, message);
            }
        })
        .ok();
    let phone = match f.phone.trim() {
        "" => Some(None),
        raw => PhoneNumber::parse(raw, Country::parse(&f.country).as_ref())
            .map(Some)
            .map_err(|err| {
                state.refuse(
                    "phone",
                    match err {
                        PhoneError::Invalid => text.phone_invalid,
                        PhoneError::NeedsCountry => text.phone_needs_country,
                    },
                )
            })
            .ok(),
    };
    let mut text_field = |field: &str, raw: &str| {
        optional_text(raw, 200)
            .map_err(|err| {
                state.refuse(
                    field,
                    match err {
                        TextError::TooLong(_) => text.name_too_long,
                        TextError::Forbidden => text.text_invalid,
                    },
                )
            })
            .ok()
    };
    let company = text_field("company", &f.company);
    let job_title = text_field("job_title", &f.job_title);
    let language = parse_language(&f.language);
    if language.is_none() {
        state.refuse("language", text.choose_from_list);
    }
    let channel = ContactChannel::parse(&f.contact_channel);
    if channel.is_none() {
        state.refuse("contact_channel", text.choose_from_list);
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

    use crate::forms::ssr::answer;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "details";
    let Some(person) = signed_in_person(FORM).await? else {
        return Ok(FormState::new(FORM));
    };
    let ctx = AppContext::current()?;
    let text = t();
    let mut state = keep_details(&fields, FormState::new(FORM));
    let Some(details) = parse_details(&mut state, &fields) else {
        return answer(state, paths::DETAILS, paths::DETAILS, None).await;
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
            answer(
                FormState::new(FORM),
                paths::DETAILS,
                paths::MY_DATA,
                Some(text.notice_nothing_changed),
            )
            .await
        }
        Saved::Changed(_) => {
            answer(
                FormState::new(FORM),
                paths::DETAILS,
                paths::MY_DATA,
                Some(text.notice_details_saved),
            )
            .await
        }
        Saved::Stale(current) => {
            // The form shows what is stored now, to be checked and saved again.
            let mut state = keep_details(&current.fields, FormState::new(FORM));
            state.problem = Some(text.changed_meanwhile.to_owned());
            answer(state, paths::DETAILS, paths::DETAILS, None).await
        }
    }
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
    use crate::forms::ssr::answer;
    use crate::i18n::t;
    use crate::platform::{context::AppContext, request::RequestInfo};

    let form = format!("registration-{registration}");
    let Some(person) = signed_in_person(&form).await? else {
        return Ok(FormState::new(&form));
    };
    let ctx = AppContext::current()?;
    let text = t();
    let mut state = FormState::new(&form);
    let change = match action.as_str() {
        "set" => {
            let meal = meal.as_deref().and_then(MealPreference::parse);
            if meal.is_none() {
                state.refuse("meal", text.choose_from_list);
            }
            let needs = optional_text(dietary_needs.as_deref().unwrap_or_default(), 300)
                .map_err(|_| state.refuse("dietary_needs", text.dietary_needs_invalid))
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
                _ => return answer(state, "/account#events", "/account#events", None).await,
            }
        }
        "remove-meal" => Change::RemoveMeal,
        "cancel" => Change::Cancel,
        _ => return Err(ServerFnError::Args(format!("unknown action {action}"))),
    };
    let Some(registration) = uuid(&registration) else {
        state.problem = Some(text.registration_gone.to_owned());
        return answer(state, "/account#events", "/account#events", None).await;
    };
    let outcome = events::change(
        &ctx,
        &RequestInfo::current(),
        person,
        registration,
        version,
        change,
    )
    .await
    .map_err(internal)?;
    match outcome {
        Outcome::Done => {
            answer(
                FormState::new(&form),
                "/account#events",
                "/account#events",
                Some(text.notice_registration_saved),
            )
            .await
        }
        refused => {
            state.problem = Some(
                match refused {
                    Outcome::Stale => text.changed_meanwhile,
                    Outcome::EventPast => text.event_past,
                    _ => text.registration_gone,
                }
                .to_owned(),
            );
            answer(state, "/account#events", "/account#events", None).await
        }
    }
}

