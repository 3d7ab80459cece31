//! The admins' pages: staff, partners, topics, policy versions, API keys and webhooks.

use crate::paths;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::admin::manage::staff_api::AddPartner;
use crate::admin::manage::api::CreateKey;
use crate::admin::manage::staff_api::DisableStaff;
use crate::admin::manage::staff_api::InviteStaff;
use crate::admin::manage::api::ManageWebhook;
use crate::admin::manage::api::PublishPolicy;
use crate::admin::manage::staff_api::RetirePartner;
use crate::admin::manage::api::RevokeKey;
use crate::admin::manage::api::VersionTopic;
use crate::admin::ui::NotAllowed;
use crate::admin::manage::ManageView;
use crate::admin::manage::TopicLine;
use crate::admin::manage::WebhookOp;
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::{current_locale, tr};
use crate::page::{form_state, request_data};
use crate::domain::StaffRole;

/// A one-button form posting `value` as `name`.
fn row_button(
    action: &'static str,
    name: &'static str,
    value: String,
    label: &'static str,
) -> impl IntoView {
    view! {
        <form method="post" action=action class="inline-form">
            <CsrfField/>
            <input type="hidden" name=name value=value/>
            <button type="submit" class="link-button">{label}</button>
        </form>
    }
}

#[component]
pub fn AdminManagePage() -> impl IntoView {
    let locale = current_locale();
    let Some(view) = crate::page::page::<ManageView>() else {
        return view! { <NotAllowed title={tr!(locale, admin.manage_title)}/> }.into_any();
    };
    let ManageView {
        staff,
        partners,
        topics,
        policies,
        keys,
        webhooks,
        shown_once,
    } = view;
    view! {
        <Title text={tr!(locale, admin.manage_title)}/>
        <h1>{tr!(locale, admin.manage_title)}</h1>
        <p><a href=paths::ADMIN_HOME>{tr!(locale, admin.back_to_search)}</a></p>
        {shown_once.map(|once| view! {
            <div class="notice" role="status">
                <p><strong>{once.label}</strong></p>
                <p><code class="secret">{once.value}</code></p>
                <p>{tr!(locale, admin.shown_once)}</p>
            </div>
        })}
        <StaffSection staff=staff/>
        <PartnerSection partners=partners/>
        <section aria-labelledby="topics-title">
            <h2 id="topics-title">{tr!(locale, admin.topics_title)}</h2>
            <p class="why">{tr!(locale, admin.topics_lead)}</p>
            <div class="table-wrap" tabindex="0">
                <table aria-labelledby="topics-title">
                    <thead><tr><th scope="col">{tr!(locale, admin.column_topic)}</th><th scope="col">{tr!(locale, admin.column_version)}</th><td></td></tr></thead>
                    <tbody>
                        {topics.into_iter().map(|topic| view! {
                            <tr><td>{topic.title}</td><td>{topic.version}</td>
                                <td><a href=format!("/admin/topic?key={}", topic.key)>{tr!(locale, admin.topic_new_version)}</a></td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="policies-title">
            <h2 id="policies-title">{tr!(locale, admin.policies_title)}</h2>
            <div class="table-wrap" tabindex="0">
                <table aria-labelledby="policies-title">
                    <thead><tr><th scope="col">{tr!(locale, admin.column_version)}</th><th scope="col">{tr!(locale, admin.column_effective)}</th><th scope="col">{tr!(locale, admin.column_summary)}</th></tr></thead>
                    <tbody>
                        {policies.into_iter().map(|p| view! {
                            <tr><td>{p.version}{p.material.then(|| view! { " "<span class="badge">{tr!(locale, admin.policy_material)}</span> })}</td>
                                <td>{p.effective}</td><td>{p.summary}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p><a href=paths::ADMIN_POLICY_NEW>{tr!(locale, admin.policy_new)}</a></p>
        </section>
        <KeySection keys=keys/>
        <WebhookSection webhooks=webhooks/>
    }
    .into_any()
}

/// A button posting one action on one webhook.
fn webhook_button(id: String, op: WebhookOp, label: &'static str) -> impl IntoView {
    view! {
        <form method="post" action=ManageWebhook::PATH class="inline-form">
            <CsrfField/>
            <input type="hidden" name="webhook" value=id/>
            <input type="hidden" name="op" value=op.as_str()/>
            <button type="submit" class="link-button">{label}</button>
        </form>
    }
}

#[component]
fn WebhookSection(webhooks: Vec<crate::admin::manage::WebhookLine>) -> impl IntoView {
    let locale = current_locale();
    view! {
        <section aria-labelledby="webhooks-title">
            <h2 id="webhooks-title">{tr!(locale, admin.webhooks_title)}</h2>
            <p class="why">{tr!(locale, admin.webhooks_lead)}</p>
            {if webhooks.is_empty() {
                view! { <p class="empty">{tr!(locale, admin.webhooks_none)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table aria-labelledby="webhooks-title">
                            <thead><tr><th scope="col">{tr!(locale, admin.column_url)}</th><th scope="col">{tr!(locale, admin.column_state)}</th>
                                <th scope="col">{tr!(locale, admin.column_waiting)}</th><th scope="col">{tr!(locale, admin.column_last_error)}</th><td></td></tr></thead>
                            <tbody>
                                {webhooks.into_iter().map(|hook| {
                                    let state = if hook.needs_secret {
                                        tr!(locale, admin.webhook_needs_secret)
                                    } else if hook.paused {
                                        tr!(locale, admin.webhook_paused)
                                    } else {
                                        tr!(locale, admin.webhook_active)
                                    };
                                    let toggle = if hook.paused {
                                        (WebhookOp::Resume, tr!(locale, admin.webhook_resume))
                                    } else {
                                        (WebhookOp::Pause, tr!(locale, admin.webhook_pause))
                                    };
                                    view! {
                                        <tr><td><code>{hook.url.clone()}</code></td><td>{state}</td><td>{hook.waiting}</td>
                                            <td>{hook.last_error.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                            <td>
                                                {webhook_button(hook.id.clone(), toggle.0, toggle.1)}
                                                {webhook_button(hook.id.clone(), WebhookOp::Rotate, tr!(locale, admin.webhook_rotate))}
                                                {webhook_button(hook.id.clone(), WebhookOp::Delete, tr!(locale, admin.webhook_delete))}
                                            </td></tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn StaffSection(staff: Vec<crate::admin::manage::StaffLine>) -> impl IntoView {
    let locale = current_locale();
    let state = form_state("invite_staff");
    let chosen = state.value("staff_role");
    let disable = form_state("disable_staff");
    view! {
        <section aria-labelledby="staff-title">
            <h2 id="staff-title">{tr!(locale, admin.staff_title)}</h2>
            <FormProblem problem=disable.problem.clone()/>
            <div class="table-wrap" tabindex="0">
                <table aria-labelledby="staff-title">
                    <thead><tr><th scope="col">{tr!(locale, common.field_name)}</th><th scope="col">{tr!(locale, common.field_email)}</th>
                        <th scope="col">{tr!(locale, common.column_role)}</th><th scope="col">{tr!(locale, common.column_status)}</th><td></td></tr></thead>
                    <tbody>
                        {staff.into_iter().map(|s| {
                            let status = if s.disabled { tr!(locale, admin.staff_disabled_state) } else if s.enrolled { tr!(locale, admin.staff_active) } else { tr!(locale, admin.staff_invited_state) };
                            let may_disable = !s.disabled && !s.is_me;
                            view! {
                                <tr><td>{s.name}</td><td>{s.email}</td><td>{s.role}</td><td>{status}</td>
                                    <td>{may_disable.then(|| row_button(DisableStaff::PATH, "staff", s.id.clone(), tr!(locale, admin.staff_disable)))}</td></tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <h3>{tr!(locale, admin.staff_invite_title)}</h3>
            <form method="post" action=InviteStaff::PATH class="stack compact">
                <CsrfField/>
                <FormProblem problem=state.problem.clone()/>
                <Field name="staff_name" label={tr!(locale, common.field_name)} maxlength=200
                    value=state.value("staff_name") error=state.error("staff_name")/>
                <Field name="staff_email" label={tr!(locale, common.field_email)} kind="email" maxlength=254
                    value=state.value("staff_email") error=state.error("staff_email")/>
                <div class="field" class:field-invalid=state.error("staff_role").is_some()>
                    <label for="field-staff_role">{tr!(locale, common.column_role)}</label>
                    {state.error("staff_role").map(|e| view! { <p class="field-error">{e}</p> })}
                    <select id="field-staff_role" name="staff_role">
                        {[StaffRole::Support, StaffRole::Admin, StaffRole::Auditor].into_iter().map(|role| view! {
                            <option value=role.as_str() selected=chosen == role.as_str()>{role.as_str()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{tr!(locale, admin.staff_invite)}</button>
            </form>
        </section>
    }
}

#[component]
fn PartnerSection(partners: Vec<crate::admin::manage::PartnerLine>) -> impl IntoView {
    let locale = current_locale();
    let state = form_state("add_partner");
    view! {
        <section aria-labelledby="partners-title">
            <h2 id="partners-title">{tr!(locale, admin.partners_title)}</h2>
            <p class="why">{tr!(locale, admin.partners_lead)}</p>
            <ul class="link-list">
                {partners.into_iter().map(|p| view! {
                    <li>
                        {p.name}
                        {if p.retired {
                            view! { " "<span class="badge">{tr!(locale, admin.partner_retired_state)}</span> }.into_any()
                        } else {
                            view! { " "{row_button(RetirePartner::PATH, "partner", p.id.clone(), tr!(locale, admin.partner_retire))} }.into_any()
                        }}
                    </li>
                }).collect_view()}
            </ul>
            <form method="post" action=AddPartner::PATH class="stack compact">
                <CsrfField/>
                <FormProblem problem=state.problem.clone()/>
                <Field name="partner_name" label={tr!(locale, admin.partner_name)} maxlength=200
                    value=state.value("partner_name") error=state.error("partner_name")/>
                <button type="submit" class="button">{tr!(locale, admin.partner_add)}</button>
            </form>
        </section>
    }
}

#[component]
fn KeySection(keys: Vec<crate::admin::manage::KeyLine>) -> impl IntoView {
    let locale = current_locale();
    let state = form_state("create_key");
    view! {
        <section aria-labelledby="keys-title">
            <h2 id="keys-title">{tr!(locale, admin.keys_title)}</h2>
            <div class="table-wrap" tabindex="0">
                <table aria-labelledby="keys-title">
                    <thead><tr><th scope="col">{tr!(locale, common.field_name)}</th><th scope="col">{tr!(locale, admin.column_prefix)}</th>
                        <th scope="col">{tr!(locale, admin.column_scopes)}</th><th scope="col">{tr!(locale, admin.column_last_used)}</th><td></td></tr></thead>
                    <tbody>
                        {keys.into_iter().map(|k| view! {
                            <tr><td>{k.name}</td><td><code>{k.prefix}</code></td><td>{k.scopes}</td>
                                <td>{k.last_used.unwrap_or_else(|| "—".to_owned())}</td>
                                <td>{if k.revoked {
                                    view! { <span class="badge">{tr!(locale, admin.key_revoked_state)}</span> }.into_any()
                                } else {
                                    row_button(RevokeKey::PATH, "key", k.id.clone(), tr!(locale, admin.key_revoke)).into_any()
                                }}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <form method="post" action=CreateKey::PATH class="stack compact">
                <CsrfField/>
                <FormProblem problem=state.problem.clone()/>
                <Field name="key_name" label={tr!(locale, admin.key_name)} maxlength=100
                    value=state.value("key_name") error=state.error("key_name")/>
                <fieldset>
                    <legend>{tr!(locale, admin.column_scopes)}</legend>
                    {state.error("scopes").map(|e| view! { <p class="field-error">{e}</p> })}
                    {["read:audience", "write:events"].into_iter().map(|scope| {
                        let id = format!("scope-{}", scope.replace(':', "-"));
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=id.clone() name=format!("scopes[{scope}]") value="on"/>
                                <label for=id>{scope}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button">{tr!(locale, admin.key_create)}</button>
            </form>
        </section>
    }
}

/// A new version of one topic's title and wording.
#[component]
pub fn AdminTopicPage() -> impl IntoView {
    let locale = current_locale();
    let Some(topic) = crate::page::page::<TopicLine>() else {
        return view! { <NotAllowed title={tr!(locale, admin.topic_new_version)}/> }.into_any();
    };
    let state = form_state("version_topic");
    let title = if state.values.contains_key("title") {
        state.value("title")
    } else {
        topic.title.clone()
    };
    let wording = if state.values.contains_key("wording") {
        state.value("wording")
    } else {
        topic.wording.clone()
    };
    let wording_error = state.error("wording");
    view! {
        <Title text={tr!(locale, admin.topic_new_version)}/>
        <h1>{tr!(locale, admin.topic_new_version)}</h1>
        <p class="lead">{tr!(locale, admin.topic_lead, version = topic.version.to_string())}</p>
        <form method="post" action=VersionTopic::PATH class="stack">
            <CsrfField/>
            <input type="hidden" name="key" value=topic.key.clone()/>
            <FormProblem problem=state.problem.clone()/>
            <Field name="title" label={tr!(locale, admin.topic_title)} maxlength=200 value=title error=state.error("title")/>
            <div class="field" class:field-invalid=wording_error.is_some()>
                <label for="field-wording">{tr!(locale, admin.topic_wording)}</label>
                {wording_error.clone().map(|e| view! { <p class="field-error" id="field-wording-error">{e}</p> })}
                <textarea id="field-wording" name="wording" rows="4" maxlength="2000" required=true
                    aria-invalid=wording_error.as_ref().map(|_| "true")
                    aria-describedby=wording_error.as_ref().map(|_| "field-wording-error")>{wording}</textarea>
            </div>
            <button type="submit" class="button">{tr!(locale, admin.topic_publish)}</button>
        </form>
        <p><a href=paths::ADMIN_MANAGE>{tr!(locale, admin.back_to_manage)}</a></p>
    }
    .into_any()
}

/// Publishing a policy version.
#[component]
pub fn AdminPolicyPage() -> impl IntoView {
    let locale = current_locale();
    if !request_data().page.is::<crate::admin::routes::NewPolicyForm>() {
        return view! { <NotAllowed title={tr!(locale, admin.policy_new)}/> }.into_any();
    }
    let state = form_state("publish_policy");
    let body_error = state.error("body");
    view! {
        <Title text={tr!(locale, admin.policy_new)}/>
        <h1>{tr!(locale, admin.policy_new)}</h1>
        <p class="lead">{tr!(locale, admin.policy_lead)}</p>
        <form method="post" action=PublishPolicy::PATH class="stack">
            <CsrfField/>
            <FormProblem problem=state.problem.clone()/>
            <Field name="summary" label={tr!(locale, admin.policy_summary)} maxlength=500
                value=state.value("summary") error=state.error("summary")/>
            <div class="field" class:field-invalid=body_error.is_some()>
                <label for="field-body">{tr!(locale, admin.policy_body)}</label>
                <p class="hint" id="field-body-hint">{tr!(locale, admin.policy_body_hint)}</p>
                {body_error.clone().map(|e| view! { <p class="field-error" id="field-body-error">{e}</p> })}
                <textarea id="field-body" name="body" rows="14" required=true aria-describedby="field-body-hint"
                    aria-invalid=body_error.as_ref().map(|_| "true")>{state.value("body")}</textarea>
            </div>
            <Field name="effective" label={tr!(locale, admin.policy_effective)} kind="date"
                value=state.value("effective") error=state.error("effective")/>
            <div class="choice">
                <input type="checkbox" id="field-material" name="material" value="on" checked=state.value("material") == "on"/>
                <div>
                    <label for="field-material">{tr!(locale, admin.policy_material_label)}</label>
                    <p class="hint">{tr!(locale, admin.policy_material_hint)}</p>
                </div>
            </div>
            <button type="submit" class="button">{tr!(locale, admin.policy_publish)}</button>
        </form>
        <p><a href=paths::ADMIN_MANAGE>{tr!(locale, admin.back_to_manage)}</a></p>
    }
    .into_any()
}
