//! The pages of each action on a person's behalf, and the page the identity-check e-mail opens.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use crate::admin::act::api::ConfirmIdentity;
use crate::admin::act::api::StaffAct;
use crate::admin::act::rights_api::StaffDisclose;
use crate::admin::act::rights_api::StaffErase;
use crate::admin::act::rights_api::StaffRecordRequest;
use crate::admin::act::api::StaffSaveDetails;
use crate::admin::act::api::StaffSetConsents;
use crate::admin::act::Action;
use crate::admin::act::AdminAct;
use crate::account::pages::DetailsInputs;
use crate::consents::pages::TopicBox;
use crate::forms::{CsrfField, Field, FormProblem, FormState};
use crate::i18n::{current_locale, tr};
use crate::page::{form_state, request_data};

fn title(action: Action) -> &'static str {
    let locale = current_locale();
    match action {
        Action::Consents => tr!(locale, admin.act_consents),
        Action::Details => tr!(locale, admin.act_details),
        Action::Reset => tr!(locale, admin.act_reset),
        Action::Sessions => tr!(locale, admin.act_sessions),
        Action::Links => tr!(locale, admin.act_links),
        Action::Identity => tr!(locale, admin.act_identity),
        Action::Restriction => tr!(locale, admin.act_restriction),
        Action::Erase => tr!(locale, admin.act_erase),
        Action::Disclose => tr!(locale, admin.act_disclose),
        Action::Request => tr!(locale, admin.act_request),
        Action::Export => tr!(locale, admin.act_export),
    }
}

/// The links on a person's record to each action.
#[component]
pub fn ActionLinks(id: String) -> impl IntoView {
    let locale = current_locale();
    view! {
        <section aria-labelledby="act-title">
            <h2 id="act-title">{tr!(locale, admin.act_title)}</h2>
            <p class="why">{tr!(locale, admin.act_lead)}</p>
            <ul class="link-list">
                {Action::ALL.into_iter().map(|action| view! {
                    <li><a href=format!("/admin/person/act?id={id}&do={}", action.as_str())>{title(action)}</a></li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn AdminActPage() -> impl IntoView {
    let locale = current_locale();
    let data = request_data().page;
    let Some(act) = data.get::<AdminAct>() else {
        return crate::admin::ui::instead(&data, tr!(locale, admin.act_title)).unwrap_or_else(|| ().into_any());
    };
    let record = format!("/admin/person?id={}", act.id);
    let heading = title(act.action);
    view! {
        <Title text=heading/>
        <h1>{heading}</h1>
        <p class="lead">{tr!(locale, admin.act_for, name = &act.name)}</p>
        {action_form(act)}
        <p><a href=record>{tr!(locale, admin.back_to_record)}</a></p>
    }
    .into_any()
}

fn action_form(act: AdminAct) -> AnyView {
    let locale = current_locale();
    match act.action {
        Action::Consents => {
            let state = form_state("staff_consents");
            view! {
                <form method="post" action=StaffSetConsents::PATH class="stack topics">
                    <CsrfField/>
                    <input type="hidden" name="person" value=act.id.clone()/>
                    <FormProblem problem=state.problem.clone()/>
                    <fieldset>
                        <legend>{tr!(locale, common.consents_legend)}</legend>
                        {act.topics.into_iter().map(|topic| view! { <TopicBox topic/> }).collect_view()}
                    </fieldset>
                    <p class="hint">{tr!(locale, admin.consents_hint)}</p>
                    <Reason state=state.clone()/>
                    <button type="submit" class="button">{tr!(locale, admin.consents_save)}</button>
                </form>
            }
            .into_any()
        }
        Action::Details => {
            let state = form_state("staff_details");
            view! {
                <form method="post" action=StaffSaveDetails::PATH class="stack">
                    <CsrfField/>
                    <input type="hidden" name="person" value=act.id.clone()/>
                    <input type="hidden" name="version" value=act.details.version.to_string()/>
                    <FormProblem problem=state.problem.clone()/>
                    <DetailsInputs current=act.details.clone() state=state.clone()/>
                    <IdentityCheck id=act.id.clone() confirmed=act.identity_confirmed state=state.clone()/>
                    <Reason state=state.clone()/>
                    <button type="submit" class="button">{tr!(locale, admin.details_save)}</button>
                </form>
            }
            .into_any()
        }
        Action::Reset => simple(
            &act,
            "password-reset",
            "staff_password_reset",
            tr!(locale, admin.reset_lead),
            tr!(locale, admin.reset_submit),
        ),
        Action::Sessions => simple(
            &act,
            "end-sessions",
            "staff_end_sessions",
            tr!(locale, admin.sessions_lead),
            tr!(locale, admin.sessions_submit),
        ),
        Action::Links => simple(
            &act,
            "revoke-links",
            "staff_revoke_links",
            tr!(locale, admin.links_lead),
            tr!(locale, admin.links_submit),
        ),
        Action::Identity => simple(
            &act,
            "identity-mail",
            "staff_identity_mail",
            tr!(locale, admin.identity_mail_lead),
            tr!(locale, admin.identity_mail_submit),
        ),
        Action::Restriction if act.restricted => simple(
            &act,
            "lift",
            "staff_restriction",
            tr!(locale, admin.lift_lead),
            tr!(locale, admin.lift_submit),
        ),
        Action::Restriction => simple(
            &act,
            "restrict",
            "staff_restriction",
            tr!(locale, admin.restrict_lead),
            tr!(locale, admin.restrict_submit),
        ),
        Action::Erase => {
            let state = form_state("staff_erase");
            view! {
                <div class="form-problem" role="note"><p>{tr!(locale, admin.erase_warning)}</p></div>
                <form method="post" action=StaffErase::PATH class="stack">
                    <CsrfField/>
                    <input type="hidden" name="person" value=act.id.clone()/>
                    <FormProblem problem=state.problem.clone()/>
                    <IdentityCheck id=act.id.clone() confirmed=act.identity_confirmed state=state.clone()/>
                    <Reason state=state.clone()/>
                    <button type="submit" class="button danger">{tr!(locale, admin.erase_submit)}</button>
                </form>
            }
            .into_any()
        }
        Action::Disclose => disclose_form(act),
        Action::Export => {
            let state = form_state("staff_export");
            let format = state.value("format");
            view! {
                <p>{tr!(locale, admin.export_lead)}</p>
                // A plain form: the answer is a file, not a page.
                <form method="post" action="/admin/export" class="stack">
                    <CsrfField/>
                    <input type="hidden" name="person" value=act.id.clone()/>
                    <FormProblem problem=state.problem.clone()/>
                    <fieldset>
                        <legend>{tr!(locale, admin.export_format)}</legend>
                        {state.error("format").map(|e| view! { <p class="field-error">{e}</p> })}
                        {[("json", tr!(locale, admin.export_json)), ("csv", tr!(locale, admin.export_csv))].into_iter().map(|(value, label)| {
                            let id = format!("format-{value}");
                            view! {
                                <div class="choice">
                                    <input type="radio" id=id.clone() name="format" value=value
                                        checked=format == value || (format.is_empty() && value == "json")/>
                                    <label for=id>{label}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <IdentityCheck id=act.id.clone() confirmed=act.identity_confirmed state=state.clone()/>
                    <Reason state=state.clone()/>
                    <button type="submit" class="button">{tr!(locale, admin.export_submit)}</button>
                </form>
            }
            .into_any()
        }
        Action::Request => {
            let state = form_state("staff_request");
            let kind = state.value("kind");
            view! {
                <p>{tr!(locale, admin.request_lead)}</p>
                <form method="post" action=StaffRecordRequest::PATH class="stack">
                    <CsrfField/>
                    <input type="hidden" name="person" value=act.id.clone()/>
                    <FormProblem problem=state.problem.clone()/>
                    <div class="field" class:field-invalid=state.error("kind").is_some()>
                        <label for="field-kind">{tr!(locale, admin.request_kind)}</label>
                        {state.error("kind").map(|e| view! { <p class="field-error">{e}</p> })}
                        <select id="field-kind" name="kind">
                            {crate::rights::RequestKind::ALL.into_iter().map(|k| view! {
                                <option value=k.as_str() selected=k.as_str() == kind>{k.label(locale)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <Field name="received" label={tr!(locale, admin.received_label)} kind="date" required=false
                        hint={tr!(locale, admin.received_hint)} value=state.value("received") error=state.error("received")/>
                    <Reason state=state.clone()/>
                    <button type="submit" class="button">{tr!(locale, admin.request_submit)}</button>
                </form>
            }
            .into_any()
        }
    }
}

/// A form whose only field is the reason.
fn simple(
    act: &AdminAct,
    action: &'static str,
    form: &'static str,
    lead: &'static str,
    submit: &'static str,
) -> AnyView {
    let state = form_state(form);
    view! {
        <p>{lead}</p>
        <form method="post" action=StaffAct::PATH class="stack">
            <CsrfField/>
            <input type="hidden" name="person" value=act.id.clone()/>
            <input type="hidden" name="action" value=action/>
            <FormProblem problem=state.problem.clone()/>
            <Reason state=state.clone()/>
            <button type="submit" class="button">{submit}</button>
        </form>
    }
    .into_any()
}

fn disclose_form(act: AdminAct) -> AnyView {
    let locale = current_locale();
    let state = form_state("staff_disclose");
    let refused = if act.restricted {
        Some(tr!(locale, admin.disclosure_restricted))
    } else if !act.partner_consent {
        Some(tr!(locale, admin.disclosure_no_consent))
    } else {
        None
    };
    if let Some(refused) = refused {
        return view! { <div class="form-problem" role="alert"><p>{refused}</p></div> }.into_any();
    }
    let chosen = state.value("partner");
    let category_names = [
        tr!(locale, admin.category_contact),
        tr!(locale, admin.category_phone),
        tr!(locale, admin.category_address),
        tr!(locale, admin.category_company),
    ];
    view! {
        <form method="post" action=StaffDisclose::PATH class="stack">
            <CsrfField/>
            <input type="hidden" name="person" value=act.id.clone()/>
            <FormProblem problem=state.problem.clone()/>
            <div class="field" class:field-invalid=state.error("partner").is_some()>
                <label for="field-partner">{tr!(locale, admin.partner_label)}</label>
                {state.error("partner").map(|e| view! { <p class="field-error" id="field-partner-error">{e}</p> })}
                <select id="field-partner" name="partner" required=true
                    aria-invalid=state.error("partner").map(|_| "true")
                    aria-describedby=state.error("partner").map(|_| "field-partner-error")>
                    <option value="">{tr!(locale, admin.partner_choose)}</option>
                    {act.partners.into_iter().map(|(id, name)| {
                        let selected = id == chosen;
                        view! { <option value=id selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <fieldset>
                <legend>{tr!(locale, admin.categories_label)}</legend>
                {state.error("categories").map(|e| view! { <p class="field-error">{e}</p> })}
                {crate::admin::act::DISCLOSURE_CATEGORIES.into_iter().zip(category_names).map(|(key, name)| {
                    let id = format!("category-{key}");
                    view! {
                        <div class="choice">
                            <input type="checkbox" id=id.clone() name=format!("categories[{key}]") value="on"/>
                            <label for=id>{name}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <Field name="purpose" label={tr!(locale, admin.purpose_label)} maxlength=500
                value=state.value("purpose") error=state.error("purpose")/>
            <Reason state=state.clone()/>
            <button type="submit" class="button">{tr!(locale, admin.disclose_submit)}</button>
        </form>
    }
    .into_any()
}

/// The written reason every action needs; the person sees it in their history.
#[component]
fn Reason(state: FormState) -> impl IntoView {
    let locale = current_locale();
    view! {
        <Field name="reason" label={tr!(locale, admin.action_reason_label)} hint={tr!(locale, admin.action_reason_hint)} maxlength=500
            value=state.value("reason") error=state.error("reason")/>
    }
}

/// How the person's identity was checked, before an address change or an erasure.
#[component]
fn IdentityCheck(id: String, confirmed: bool, state: FormState) -> impl IntoView {
    let locale = current_locale();
    let method = state.value("identity");
    let error = state.error("identity");
    view! {
        <fieldset class:field-invalid=state.error("identity").is_some()>
            <legend>{tr!(locale, admin.identity_legend)}</legend>
            {error.map(|e| view! { <p class="field-error">{e}</p> })}
            <div class="choice">
                <input type="radio" id="identity-email" name="identity" value="email"
                    checked=method == "email" || (method.is_empty() && confirmed)/>
                <div>
                    <label for="identity-email">{tr!(locale, admin.identity_email)}</label>
                    <p class="hint">{if confirmed { tr!(locale, admin.identity_email_confirmed) } else { tr!(locale, admin.identity_email_pending) }}</p>
                    <p class="hint"><a href=format!("/admin/person/act?id={id}&do=identity")>{tr!(locale, admin.act_identity)}</a></p>
                </div>
            </div>
            <div class="choice">
                <input type="radio" id="identity-recorded" name="identity" value="recorded" checked=method == "recorded"/>
                <label for="identity-recorded">{tr!(locale, admin.identity_recorded)}</label>
            </div>
            <Field name="identity_how" label={tr!(locale, admin.identity_how_label)} required=false maxlength=500
                value=state.value("identity_how") error=state.error("identity_how")/>
        </fieldset>
    }
}

/// The page the identity-check e-mail opens: a button; only its POST confirms.
#[component]
pub fn IdentityConfirmPage() -> impl IntoView {
    let locale = current_locale();
    let state = form_state("identity_confirm");
    let live = crate::auth::routes::live_token();
    view! {
        <Title text={tr!(locale, admin.identity_confirm_title)}/>
        <h1>{tr!(locale, admin.identity_confirm_title)}</h1>
        <FormProblem problem=state.problem.clone()/>
        {match live {
            Some(token) => view! {
                <p>{tr!(locale, admin.identity_confirm_lead)}</p>
                <form method="post" action=ConfirmIdentity::PATH class="stack">
                    <CsrfField/>
                    <input type="hidden" name="token" value=token/>
                    <button type="submit" class="button">{tr!(locale, admin.identity_confirm_button)}</button>
                </form>
            }.into_any(),
            None => view! { <div class="form-problem" role="alert"><p>{tr!(locale, common.link_invalid)}</p></div> }.into_any(),
        }}
    }
}
