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
use crate::i18n::t;
use crate::page::{form_state, request_data};

fn title(action: Action) -> &'static str {
    let text = t();
    match action {
        Action::Consents => text.admin_act_consents,
        Action::Details => text.admin_act_details,
        Action::Reset => text.admin_act_reset,
        Action::Sessions => text.admin_act_sessions,
        Action::Links => text.admin_act_links,
        Action::Identity => text.admin_act_identity,
        Action::Restriction => text.admin_act_restriction,
        Action::Erase => text.admin_act_erase,
        Action::Disclose => text.admin_act_disclose,
        Action::Request => text.admin_act_request,
        Action::Export => text.admin_act_export,
    }
}

/// The links on a person's record to each action.
#[component]
pub fn ActionLinks(id: String) -> impl IntoView {
    let text = t();
    view! {
        <section aria-labelledby="act-title">
            <h2 id="act-title">{text.admin_act_title}</h2>
            <p class="why">{text.admin_act_lead}</p>
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
    let text = t();
    let data = request_data().page;
    let Some(act) = data.get::<AdminAct>() else {
        return crate::admin::ui::instead(&data, text.admin_act_title).unwrap_or_else(|| ().into_any());
    };
    let record = format!("/admin/person?id={}", act.id);
    let heading = title(act.action);
    view! {
        <Title text=heading/>
        <h1>{heading}</h1>
        <p class="lead">{text.admin_act_for.replace("{name}", &act.name)}</p>
        {action_form(act)}
        <p><a href=record>{text.admin_back_to_record}</a></p>
    }
    .into_any()
}

fn action_form(act: AdminAct) -> AnyView {
    let text = t();
    match act.action {
        Action::Consents => {
            let state = form_state("staff_consents");
            view! {
                <form method="post" action=StaffSetConsents::PATH class="stack topics">
                    <CsrfField/>
                    <input type="hidden" name="person" value=act.id.clone()/>
                    <FormProblem problem=state.problem.clone()/>
                    <fieldset>
                        <legend>{text.consents_legend}</legend>
                        {act.topics.into_iter().map(|topic| view! { <TopicBox topic/> }).collect_view()}
                    </fieldset>
                    <p class="hint">{text.admin_consents_hint}</p>
                    <Reason state=state.clone()/>
                    <button type="submit" class="button">{text.admin_consents_save}</button>
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
                    <button type="submit" class="button">{text.admin_details_save}</button>
                </form>
            }
            .into_any()
        }
        Action::Reset => simple(
            &act,
            "password-reset",
            "staff_password_reset",
            text.admin_reset_lead,
            text.admin_reset_submit,
        ),
        Action::Sessions => simple(
            &act,
            "end-sessions",
            "staff_end_sessions",
            text.admin_sessions_lead,
            text.admin_sessions_submit,
        ),
        Action::Links => simple(
            &act,
            "revoke-links",
            "staff_revoke_links",
            text.admin_links_lead,
            text.admin_links_submit,
        ),
        Action::Identity => simple(
            &act,
            "identity-mail",
            "staff_identity_mail",
            text.admin_identity_mail_lead,
            text.admin_identity_mail_submit,
        ),
        Action::Restriction if act.restricted => simple(
            &act,
            "lift",
            "staff_restriction",
            text.admin_lift_lead,
            text.admin_lift_submit,
        ),
        Action::Restriction => simple(
            &act,
            "restrict",
            "staff_restriction",
            text.admin_restrict_lead,
            text.admin_restrict_submit,
        ),
        Action::Erase => {
            let state = form_state("staff_erase");
            view! {
                <div class="form-problem" role="note"><p>{text.admin_erase_warning}</p></div>
                <form method="post" action=StaffErase::PATH class="stack">
                    <CsrfField/>
                    <input type="hidden" name="person" value=act.id.clone()/>
                    <FormProblem problem=state.problem.clone()/>
                    <IdentityCheck id=act.id.clone() confirmed=act.identity_confirmed state=state.clone()/>
                    <Reason state=state.clone()/>
                    <button type="submit" class="button danger">{text.admin_erase_submit}</button>
                </form>
            }
            .into_any()
        }
        Action::Disclose => disclose_form(act),
        Action::Export => {
            let state = form_state("staff_export");
            let format = state.value("format");
            view! {
                <p>{text.admin_export_lead}</p>
                // A plain form: the answer is a file, not a page.
                <form method="post" action="/admin/export" class="stack">
                    <CsrfField/>
                    <input type="hidden" name="person" value=act.id.clone()/>
                    <FormProblem problem=state.problem.clone()/>
                    <fieldset>
                        <legend>{text.admin_export_format}</legend>
                        {state.error("format").map(|e| view! { <p class="field-error">{e}</p> })}
                        {[("json", text.admin_export_json), ("csv", text.admin_export_csv)].into_iter().map(|(value, label)| {
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
                    <button type="submit" class="button">{text.admin_export_submit}</button>
                </form>
            }
            .into_any()
        }
        Action::Request => {
            let state = form_state("staff_request");
            let kind = state.value("kind");
            view! {
                <p>{text.admin_request_lead}</p>
                <form method="post" action=StaffRecordRequest::PATH class="stack">
                    <CsrfField/>
                    <input type="hidden" name="person" value=act.id.clone()/>
                    <FormProblem problem=state.problem.clone()/>
                    <div class="field" class:field-invalid=state.error("kind").is_some()>
                        <label for="field-kind">{text.admin_request_kind}</label>
                        {state.error("kind").map(|e| view! { <p class="field-error">{e}</p> })}
                        <select id="field-kind" name="kind">
                            {crate::rights::RequestKind::ALL.into_iter().map(|k| view! {
                                <option value=k.as_str() selected=k.as_str() == kind>{crate::rights::describe(k)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <Field name="received" label=text.admin_received_label kind="date" required=false
                        hint=text.admin_received_hint value=state.value("received") error=state.error("received")/>
                    <Reason state=state.clone()/>
                    <button type="submit" class="button">{text.admin_request_submit}</button>
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
    let text = t();
    let state = form_state("staff_disclose");
    let refused = if act.restricted {
        Some(text.admin_disclosure_restricted)
    } else if !act.partner_consent {
        Some(text.admin_disclosure_no_consent)
    } else {
        None
    };
    if let Some(refused) = refused {
        return view! { <div class="form-problem" role="alert"><p>{refused}</p></div> }.into_any();
    }
    let chosen = state.value("partner");
    let category_names = [
        text.category_contact,
        text.category_phone,
        text.category_address,
        text.category_company,
    ];
    view! {
        <form method="post" action=StaffDisclose::PATH class="stack">
            <CsrfField/>
            <input type="hidden" name="person" value=act.id.clone()/>
            <FormProblem problem=state.problem.clone()/>
            <div class="field" class:field-invalid=state.error("partner").is_some()>
                <label for="field-partner">{text.admin_partner_label}</label>
                {state.error("partner").map(|e| view! { <p class="field-error" id="field-partner-error">{e}</p> })}
                <select id="field-partner" name="partner" required=true
                    aria-invalid=state.error("partner").map(|_| "true")
                    aria-describedby=state.error("partner").map(|_| "field-partner-error")>
                    <option value="">{text.admin_partner_choose}</option>
                    {act.partners.into_iter().map(|(id, name)| {
                        let selected = id == chosen;
                        view! { <option value=id selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <fieldset>
                <legend>{text.admin_categories_label}</legend>
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
            <Field name="purpose" label=text.admin_purpose_label maxlength=500
                value=state.value("purpose") error=state.error("purpose")/>
            <Reason state=state.clone()/>
            <button type="submit" class="button">{text.admin_disclose_submit}</button>
        </form>
    }
    .into_any()
}

/// The written reason every action needs; the person sees it in their history.
#[component]
fn Reason(state: FormState) -> impl IntoView {
    let text = t();
    view! {
        <Field name="reason" label=text.admin_action_reason_label hint=text.admin_action_reason_hint maxlength=500
            value=state.value("reason") error=state.error("reason")/>
    }
}

/// How the person's identity was checked, before an address change or an erasure.
#[component]
fn IdentityCheck(id: String, confirmed: bool, state: FormState) -> impl IntoView {
    let text = t();
    let method = state.value("identity");
    let error = state.error("identity");
    view! {
        <fieldset class:field-invalid=state.error("identity").is_some()>
            <legend>{text.admin_identity_legend}</legend>
            {error.map(|e| view! { <p class="field-error">{e}</p> })}
            <div class="choice">
                <input type="radio" id="identity-email" name="identity" value="email"
                    checked=method == "email" || (method.is_empty() && confirmed)/>
                <div>
                    <label for="identity-email">{text.admin_identity_email}</label>
                    <p class="hint">{if confirmed { text.admin_identity_email_confirmed } else { text.admin_identity_email_pending }}</p>
                    <p class="hint"><a href=format!("/admin/person/act?id={id}&do=identity")>{text.admin_act_identity}</a></p>
                </div>
            </div>
            <div class="choice">
                <input type="radio" id="identity-recorded" name="identity" value="recorded" checked=method == "recorded"/>
                <label for="identity-recorded">{text.admin_identity_recorded}</label>
            </div>
            <Field name="identity_how" label=text.admin_identity_how_label required=false maxlength=500
                value=state.value("identity_how") error=state.error("identity_how")/>
        </fieldset>
    }
}

/// The page the identity-check e-mail opens: a button; only its POST confirms.
#[component]
pub fn IdentityConfirmPage() -> impl IntoView {
    let text = t();
    let state = form_state("identity_confirm");
    let live = crate::auth::routes::live_token();
    view! {
        <Title text=text.identity_confirm_title/>
        <h1>{text.identity_confirm_title}</h1>
        <FormProblem problem=state.problem.clone()/>
        {match live {
            Some(token) => view! {
                <p>{text.identity_confirm_lead}</p>
                <form method="post" action=ConfirmIdentity::PATH class="stack">
                    <CsrfField/>
                    <input type="hidden" name="token" value=token/>
                    <button type="submit" class="button">{text.identity_confirm_button}</button>
                </form>
            }.into_any(),
            None => view! { <div class="form-problem" role="alert"><p>{text.link_invalid}</p></div> }.into_any(),
        }}
    }
}
