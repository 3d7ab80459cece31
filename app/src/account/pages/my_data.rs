//! "My data": every category of personal data held about the person, each with why it is
//! held and for how long.

use crate::paths;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::account::api::ChangeRegistration;
use crate::account::views::{Access, Disclosure, LifecycleView, MyData, Registration, StaffView};
use crate::consents::model::ConsentState;
use crate::domain::{contact::ContactChannel, meal::MealPreference};
use crate::forms::{CsrfField, FormProblem};
use crate::i18n::{current_locale, tr};
use crate::domain::Lifecycle;
use crate::rights::pages::RequestList;
use crate::page::{form_state, request_data};

#[component]
pub fn MyDataPage() -> impl IntoView {
    let locale = current_locale();
    let Some(data) = crate::page::page::<crate::account::views::MyData>() else {
        return ().into_any();
    };
    let MyData {
        identity,
        consents,
        registrations,
        access,
        access_retention_days,
        disclosures,
        lifecycle,
        processing,
        requests,
        restricted_since,
        staff_views,
    } = data;
    let channel = match identity.contact_channel {
        ContactChannel::Email => tr!(locale, common.channel_email),
        ContactChannel::Phone => tr!(locale, common.channel_phone),
        ContactChannel::Post => tr!(locale, common.channel_post),
    };
    // A refused change to a registration that is not listed (gone, or never this person's):
    // its message has no card to stand in, so it stands at the top of the section.
    let orphan_problem = request_data()
        .form
        .filter(|state| state.form.starts_with("registration-"))
        .filter(|state| {
            !registrations
                .iter()
                .any(|r| state.form == format!("registration-{}", r.id))
        })
        .and_then(|state| state.problem);
    let not_given = move || view! { <span class="muted">{tr!(locale, common.not_given)}</span> };
    let optional = move |value: Option<String>| match value {
        Some(value) => view! { <span>{value}</span> }.into_any(),
        None => not_given().into_any(),
    };
    view! {
        <Title text={tr!(locale, common.my_data_title)}/>
        <h1>{tr!(locale, common.my_data_title)}</h1>
        <p class="lead">{tr!(locale, common.my_data_lead)}</p>
        <nav class="toc" aria-label={tr!(locale, common.my_data_contents)}>
            <ul>
                <li><a href="#identity">{tr!(locale, common.section_identity)}</a></li>
                <li><a href="#consents">{tr!(locale, common.section_consents)}</a></li>
                <li><a href="#events">{tr!(locale, common.section_events)}</a></li>
                <li><a href="#access">{tr!(locale, common.section_access)}</a></li>
                <li><a href="#disclosures">{tr!(locale, common.section_disclosures)}</a></li>
                <li><a href="#lifecycle">{tr!(locale, common.section_lifecycle)}</a></li>
                <li><a href="#processing">{tr!(locale, common.section_processing)}</a></li>
                <li><a href="#staff-views">{tr!(locale, common.section_staff_views)}</a></li>
                <li><a href="#requests">{tr!(locale, common.section_requests)}</a></li>
            </ul>
        </nav>

        <section id="identity" aria-labelledby="identity-title">
            <h2 id="identity-title">{tr!(locale, common.section_identity)}</h2>
            <p class="why">{tr!(locale, common.why_identity)}</p>
            <dl class="facts">
                <div><dt>{tr!(locale, common.field_name)}</dt><dd>{optional(identity.name)}</dd></div>
                <div>
                    <dt>{tr!(locale, common.field_email)}</dt>
                    <dd>
                        {identity.email}" "
                        <span class="badge">{if identity.email_confirmed { tr!(locale, common.email_confirmed) } else { tr!(locale, common.email_unconfirmed) }}</span>
                        " "<a href=paths::EMAIL>{tr!(locale, common.change_email_link)}</a>
                    </dd>
                </div>
                <div><dt>{tr!(locale, common.field_phone)}</dt><dd>{optional(identity.phone)}</dd></div>
                <div>
                    <dt>{tr!(locale, common.field_address)}</dt>
                    <dd>{match identity.address {
                        Some(lines) => view! { <address>{lines.into_iter().map(|line| view! { {line}<br/> }).collect_view()}</address> }.into_any(),
                        None => not_given().into_any(),
                    }}</dd>
                </div>
                <div><dt>{tr!(locale, common.field_company)}</dt><dd>{optional(identity.company)}</dd></div>
                <div><dt>{tr!(locale, common.field_job_title)}</dt><dd>{optional(identity.job_title)}</dd></div>
                <div><dt>{tr!(locale, common.field_language)}</dt><dd>{identity.language}</dd></div>
                <div><dt>{tr!(locale, common.field_contact_channel)}</dt><dd>{channel}</dd></div>
            </dl>
            <p><a class="button" href=paths::DETAILS>{tr!(locale, common.edit_details)}</a>" "<a href=paths::SECURITY>{tr!(locale, common.security_title)}</a></p>
        </section>

        <section id="consents" aria-labelledby="consents-title">
            <h2 id="consents-title">{tr!(locale, common.section_consents)}</h2>
            <p class="why">{tr!(locale, common.why_consents)}</p>
            <ul class="consent-summary">
                {consents.into_iter().map(|topic| {
                    let state = match (topic.locked, topic.state) {
                        (true, _) => tr!(locale, common.consent_on_locked),
                        (_, ConsentState::Granted) => tr!(locale, common.consent_on),
                        (_, ConsentState::Pending) => tr!(locale, common.consent_pending),
                        (_, ConsentState::Withdrawn) => tr!(locale, common.consent_off),
                    };
                    view! { <li><span>{topic.title}</span>" "<strong>{state}</strong></li> }
                }).collect_view()}
            </ul>
            <p><a class="button" href=paths::CONSENTS>{tr!(locale, common.consents_change)}</a></p>
        </section>

        <section id="events" aria-labelledby="events-title">
            <h2 id="events-title">{tr!(locale, common.section_events)}</h2>
            <p class="why">{tr!(locale, common.why_events)}</p>
            <FormProblem problem=orphan_problem/>
            {if registrations.is_empty() {
                view! { <p class="empty">{tr!(locale, common.events_empty)}</p> }.into_any()
            } else {
                view! { <ul class="cards">{registrations.into_iter().map(|r| view! { <RegistrationCard registration=r/> }).collect_view()}</ul> }.into_any()
            }}
        </section>

        <AccessSection access=access days=access_retention_days/>

        <DisclosuresSection disclosures=disclosures/>

        <LifecycleSection lifecycle=lifecycle/>

        <section id="processing" aria-labelledby="processing-title">
            <h2 id="processing-title">{tr!(locale, common.section_processing)}</h2>
            <p class="why">{tr!(locale, common.why_processing)}</p>
            {if processing.is_empty() {
                view! { <p class="empty">{tr!(locale, common.processing_empty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="cards">
                        {processing.into_iter().map(|p| view! {
                            <li>
                                <h3>{p.purpose}</h3>
                                <dl class="facts">
                                    <div><dt>{tr!(locale, common.processing_basis)}</dt><dd>{p.legal_basis}</dd></div>
                                    <div><dt>{tr!(locale, common.processing_categories)}</dt><dd>{p.categories}</dd></div>
                                    <div><dt>{tr!(locale, common.processing_recipients)}</dt><dd>{p.recipients}</dd></div>
                                    <div><dt>{tr!(locale, common.processing_transfers)}</dt><dd>{p.transfers.unwrap_or_else(|| tr!(locale, common.processing_no_transfers).to_owned())}</dd></div>
                                    <div><dt>{tr!(locale, common.processing_retention)}</dt><dd>{p.retention}</dd></div>
                                </dl>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>

        <StaffViewsSection staff_views=staff_views/>

        <section id="requests" aria-labelledby="requests-title">
            <h2 id="requests-title">{tr!(locale, common.section_requests)}</h2>
            <p class="why">{tr!(locale, common.why_requests)}</p>
            {restricted_since.map(|since| view! {
                <p class="state-line"><span class="badge">{tr!(locale, common.restricted_badge)}</span>" "
                    {tr!(locale, common.restricted_since, date = since)}</p>
            })}
            <RequestList requests=requests/>
            <p><a href=paths::RIGHTS>{tr!(locale, common.requests_see_rights)}</a></p>
        </section>
    }
    .into_any()
}

#[component]
fn RegistrationCard(registration: Registration) -> impl IntoView {
    let locale = current_locale();
    let form = format!("registration-{}", registration.id);
    let state = form_state(&form);
    let id = registration.id.clone();
    let version = registration.version.to_string();
    let meal_label = registration
        .meal
        .map(meal_name)
        .unwrap_or(tr!(locale, common.meal_none_recorded));
    let select_id = format!("meal-{id}");
    let needs_id = format!("needs-{id}");
    let needs_value = state
        .values
        .get("dietary_needs")
        .cloned()
        .or(registration.dietary_needs.clone())
        .unwrap_or_default();
    let hidden = {
        let id = id.clone();
        let version = version.clone();
        move || {
            view! {
                <CsrfField/>
                <input type="hidden" name="registration" value=id.clone()/>
                <input type="hidden" name="version" value=version.clone()/>
            }
        }
    };
    view! {
        <li>
            <h3>{registration.title}</h3>
            <p>{registration.place}" · "{registration.starts_at}</p>
            <p>{tr!(locale, common.meal_label)}": "<strong>{meal_label}</strong>{registration.dietary_needs.map(|n| format!(" ({n})"))}</p>
            <FormProblem problem=state.problem.clone()/>
            {registration.upcoming.then(|| view! {
                <form method="post" action=ChangeRegistration::PATH class="stack compact">
                    {hidden()}
                    <input type="hidden" name="action" value="set"/>
                    <div class="field">
                        <label for=select_id.clone()>{tr!(locale, common.meal_choose)}</label>
                        <select id=select_id.clone() name="meal">
                            {MealPreference::ALL.into_iter().map(|m| view! {
                                <option value=m.as_str() selected=registration.meal == Some(m)>{meal_name(m)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for=needs_id.clone()>{tr!(locale, common.dietary_needs_label)}</label>
                        {state.error("dietary_needs").map(|e| view! { <p class="field-error">{e}</p> })}
                        <input id=needs_id.clone() name="dietary_needs" type="text" maxlength="300" value=needs_value/>
                    </div>
                    <button type="submit" class="button">{tr!(locale, common.meal_save)}</button>
                </form>
            })}
            <div class="actions">
                {registration.meal.is_some().then(|| view! {
                    <form method="post" action=ChangeRegistration::PATH class="inline-form">
                        {hidden()}
                        <input type="hidden" name="action" value="remove-meal"/>
                        <button type="submit" class="link-button">{tr!(locale, common.meal_remove)}</button>
                    </form>
                })}
                <form method="post" action=ChangeRegistration::PATH class="inline-form">
                    {hidden()}
                    <input type="hidden" name="action" value="cancel"/>
                    <button type="submit" class="link-button danger">{tr!(locale, common.registration_cancel)}</button>
                </form>
            </div>
        </li>
    }
}

fn meal_name(meal: MealPreference) -> &'static str {
    let locale = current_locale();
    match meal {
        MealPreference::NoPreference => tr!(locale, common.meal_no_preference),
        MealPreference::Vegetarian => tr!(locale, common.meal_vegetarian),
        MealPreference::Vegan => tr!(locale, common.meal_vegan),
        MealPreference::Pescatarian => tr!(locale, common.meal_pescatarian),
        MealPreference::Halal => tr!(locale, common.meal_halal),
        MealPreference::Kosher => tr!(locale, common.meal_kosher),
        MealPreference::GlutenFree => tr!(locale, common.meal_gluten_free),
    }
}

/// Sign-ins and other access, with address and device (shared with the admin record).
#[component]
pub fn AccessSection(access: Vec<Access>, days: i64) -> impl IntoView {
    let locale = current_locale();
    let has_items = !access.is_empty();
    view! {
        <DataSection id="access" title={tr!(locale, common.section_access)} why={tr!(locale, common.why_access, days = days.to_string())} empty={tr!(locale, common.access_empty)} has_items=has_items>
            <div class="table-wrap" tabindex="0">
                <table>
                    <thead><tr><th scope="col">{tr!(locale, common.column_when)}</th><th scope="col">{tr!(locale, common.column_how)}</th><th scope="col">{tr!(locale, common.column_ip)}</th><th scope="col">{tr!(locale, common.column_device)}</th></tr></thead>
                    <tbody>
                        {access.into_iter().map(|a| view! {
                            <tr><td>{a.at}</td><td>{a.method}</td><td>{a.ip.unwrap_or_default()}</td><td>{a.device}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </DataSection>
    }
}

/// What was shared with partners, when and why.
#[component]
pub fn DisclosuresSection(disclosures: Vec<Disclosure>) -> impl IntoView {
    let locale = current_locale();
    let has_items = !disclosures.is_empty();
    view! {
        <DataSection id="disclosures" title={tr!(locale, common.section_disclosures)} why={tr!(locale, common.why_disclosures)} empty={tr!(locale, common.disclosures_empty)} has_items=has_items>
            <ul class="cards">
                {disclosures.into_iter().map(|d| view! {
                    <li><strong>{d.partner}</strong>" · "{d.at}<br/>{d.categories}<br/><span class="muted">{d.purpose}</span></li>
                }).collect_view()}
            </ul>
        </DataSection>
    }
}

/// Customer, prospect or former; contract or not.
#[component]
pub fn LifecycleSection(lifecycle: LifecycleView) -> impl IntoView {
    let locale = current_locale();
    view! {
        <section id="lifecycle" aria-labelledby="lifecycle-title">
            <h2 id="lifecycle-title">{tr!(locale, common.section_lifecycle)}</h2>
            <dl class="facts">
                <div>
                    <dt>{tr!(locale, common.lifecycle_stage)}</dt>
                    <dd>{match lifecycle.stage {
                        Lifecycle::Customer => tr!(locale, common.lifecycle_customer),
                        Lifecycle::Prospect => tr!(locale, common.lifecycle_prospect),
                        Lifecycle::Former => tr!(locale, common.lifecycle_former),
                    }}{lifecycle.prospect_until.map(|until| format!(" ({} {until})", tr!(locale, common.lifecycle_until)))}</dd>
                </div>
                <div>
                    <dt>{tr!(locale, common.lifecycle_contract)}</dt>
                    <dd>{if lifecycle.active_contract { tr!(locale, common.yes) } else { tr!(locale, common.no) }}</dd>
                </div>
            </dl>
            <p class="why">{if lifecycle.active_contract { tr!(locale, common.why_lifecycle_contract) } else { tr!(locale, common.why_lifecycle_no_contract) }}</p>
        </section>
    }
}

/// "Who looked at your data": every opening of the record by staff.
#[component]
pub fn StaffViewsSection(staff_views: Vec<StaffView>) -> impl IntoView {
    let locale = current_locale();
    let has_items = !staff_views.is_empty();
    view! {
        <DataSection id="staff-views" title={tr!(locale, common.section_staff_views)} why={tr!(locale, common.why_staff_views)} empty={tr!(locale, common.staff_views_empty)} has_items=has_items>
            <div class="table-wrap" tabindex="0">
                <table aria-labelledby="staff-views-title">
                    <thead><tr><th scope="col">{tr!(locale, common.column_when)}</th><th scope="col">{tr!(locale, common.column_role)}</th><th scope="col">{tr!(locale, common.column_why)}</th></tr></thead>
                    <tbody>
                        {staff_views.into_iter().map(|v| view! {
                            <tr><td>{v.at}</td><td>{v.role}</td><td>{v.reason}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </DataSection>
    }
}

/// One category of My data: its heading, why it is held, and its items, or a line saying
/// there are none.
#[component]
fn DataSection(
    id: &'static str,
    title: &'static str,
    #[prop(into)] why: String,
    empty: &'static str,
    has_items: bool,
    children: Children,
) -> impl IntoView {
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <section id=id aria-labelledby=labelled_by>
            <h2 id=title_id>{title}</h2>
            <p class="why">{why}</p>
            {if has_items {
                children().into_any()
            } else {
                view! { <p class="empty">{empty}</p> }.into_any()
            }}
        </section>
    }
}
