use crate::paths;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::account::api::SaveDetails;
use crate::account::views::DetailsForm;
use crate::domain::contact::{ContactChannel, LANGUAGES};
use crate::forms::{CsrfField, Field, FormProblem, FormState};
use crate::i18n::{current_locale, tr};
use crate::page::form_state;

/// Editing contact details. The form carries the version it was read at; a save made from an
/// older version is refused with the current values shown.
#[component]
pub fn DetailsPage() -> impl IntoView {
    let locale = current_locale();
    let Some(current) = crate::page::page::<crate::account::views::DetailsForm>() else {
        return ().into_any();
    };
    let state = form_state("details");
    view! {
        <Title text={tr!(locale, common.edit_details)}/>
        <h1>{tr!(locale, common.edit_details)}</h1>
        <p class="lead">{tr!(locale, common.edit_details_lead)}</p>
        <form method="post" action=SaveDetails::PATH class="stack">
            <CsrfField/>
            <input type="hidden" name="version" value=current.version.to_string()/>
            <FormProblem problem=state.problem.clone()/>
            <DetailsInputs current=current.clone() state=state.clone()/>
            <button type="submit" class="button">{tr!(locale, common.save_details)}</button>
        </form>
        <p><a href=paths::MY_DATA>{tr!(locale, common.back_to_my_data)}</a></p>
    }
    .into_any()
}

/// The contact-details inputs, filled from `current` or, after a refused save, from what was
/// typed. The person's own form and staff's form on their behalf share it.
#[component]
pub fn DetailsInputs(current: DetailsForm, state: FormState) -> impl IntoView {
    let locale = current_locale();
    // After a refused save, show what was typed (or, for a stale form, what is stored now).
    let value = |field: &str, stored: &str| {
        state
            .values
            .get(field)
            .cloned()
            .unwrap_or_else(|| stored.to_owned())
    };
    let country = value("country", &current.fields.country);
    let language = value("language", &current.fields.language);
    let channel = value("contact_channel", &current.fields.contact_channel);
    let channel_names = [tr!(locale, common.channel_email), tr!(locale, common.channel_phone), tr!(locale, common.channel_post)];
    view! {
        <Field name="name" label={tr!(locale, common.field_name)} autocomplete="name" maxlength=200
            value=value("name", &current.fields.name) error=state.error("name")/>
        <Field name="phone" label={tr!(locale, common.field_phone)} kind="tel" autocomplete="tel" required=false maxlength=40
            hint={tr!(locale, common.phone_hint)} value=value("phone", &current.fields.phone) error=state.error("phone")/>
        <fieldset>
            <legend>{tr!(locale, common.field_address)}</legend>
            <p class="hint">{tr!(locale, common.address_hint)}</p>
            <Field name="street" label={tr!(locale, common.field_street)} autocomplete="street-address" required=false maxlength=200
                value=value("street", &current.fields.street) error=state.error("street")/>
            <Field name="postal_code" label={tr!(locale, common.field_postal_code)} autocomplete="postal-code" required=false maxlength=20
                value=value("postal_code", &current.fields.postal_code) error=state.error("postal_code")/>
            <Field name="city" label={tr!(locale, common.field_city)} autocomplete="address-level2" required=false maxlength=100
                value=value("city", &current.fields.city) error=state.error("city")/>
            <div class="field" class:field-invalid=state.error("country").is_some()>
                <label for="field-country">{tr!(locale, common.field_country)}</label>
                {state.error("country").map(|e| view! { <p class="field-error" id="field-country-error">{e}</p> })}
                <select id="field-country" name="country" autocomplete="country"
                    aria-invalid=state.error("country").map(|_| "true")
                    aria-describedby=state.error("country").map(|_| "field-country-error")>
                    <option value="" selected=country.is_empty()>{tr!(locale, common.no_country)}</option>
                    {current.countries.iter().map(|(code, name)| view! {
                        <option value=code.clone() selected=*code == country>{name.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
        </fieldset>
        <Field name="company" label={tr!(locale, common.field_company)} autocomplete="organization" required=false maxlength=200
            value=value("company", &current.fields.company) error=state.error("company")/>
        <Field name="job_title" label={tr!(locale, common.field_job_title)} autocomplete="organization-title" required=false maxlength=200
            value=value("job_title", &current.fields.job_title) error=state.error("job_title")/>
        <div class="field">
            <label for="field-language">{tr!(locale, common.field_language)}</label>
            {state.error("language").map(|e| view! { <p class="field-error">{e}</p> })}
            <select id="field-language" name="language">
                {LANGUAGES.iter().map(|(code, name)| view! {
                    <option value=*code selected=*code == language>{*name}</option>
                }).collect_view()}
            </select>
        </div>
        <fieldset>
            <legend>{tr!(locale, common.field_contact_channel)}</legend>
            {state.error("contact_channel").map(|e| view! { <p class="field-error">{e}</p> })}
            {ContactChannel::ALL.into_iter().zip(channel_names).map(|(option, name)| {
                let id = format!("channel-{}", option.as_str());
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name="contact_channel" value=option.as_str()
                            checked=option.as_str() == channel/>
                        <label for=id>{name}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}
