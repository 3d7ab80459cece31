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
use crate::i18n::t;
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
    let text = t();
    let Some(view) = crate::page::page::<ManageView>() else {
        return view! { <NotAllowed title=text.admin_manage_title/> }.into_any();
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
        <Title text=text.admin_manage_title/>
        <h1>{text.admin_manage_title}</h1>
        <p><a href=paths::ADMIN_HOME>{text.admin_back_to_search}</a></p>
        {shown_once.map(|once| view! {
            <div class="notice" role="status">
                <p><strong>{once.label}</strong></p>
                <p><code class="secret">{once.value}</code></p>
                <p>{text.admin_shown_once}</p>
            </div>
        })}
        <StaffSection staff=staff/>
        <PartnerSection partners=partners/>
        <section aria-labelledby="topics-title">
            <h2 id="topics-title">{text.admin_topics_title}</h2>
            <p class="why">{text.admin_topics_lead}</p>
            <div class="table-wrap">
                <table aria-labelledby="topics-title">
                    <thead><tr><th scope="col">{text.column_topic}</th><th scope="col">{text.column_version}</th><td></td></tr></thead>
                    <tbody>
                        {topics.into_iter().map(|topic| view! {
                            <tr><td>{topic.title}</td><td>{topic.version}</td>
                                <td><a href=format!("/admin/topic?key={}", topic.key)>{text.admin_topic_new_version}</a></td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="policies-title">
            <h2 id="policies-title">{text.admin_policies_title}</h2>
            <div class="table-wrap">
                <table aria-labelledby="policies-title">
                    <thead><tr><th scope="col">{text.column_version}</th><th scope="col">{text.column_effective}</th><th scope="col">{text.column_summary}</th></tr></thead>
                    <tbody>
                        {policies.into_iter().map(|p| view! {
                            <tr><td>{p.version}{p.material.then(|| view! { " "<span class="badge">{text.admin_policy_material}</span> })}</td>
                                <td>{p.effective}</td><td>{p.summary}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p><a href=paths::ADMIN_POLICY_NEW>{text.admin_policy_new}</a></p>
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
    let text = t();
    view! {
        <section aria-labelledby="webhooks-title">
            <h2 id="webhooks-title">{text.admin_webhooks_title}</h2>
            <p class="why">{text.admin_webhooks_lead}</p>
            {if webhooks.is_empty() {
                view! { <p class="empty">{text.admin_webhooks_none}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table aria-labelledby="webhooks-title">
                            <thead><tr><th scope="col">{text.column_url}</th><th scope="col">{text.column_state}</th>
                                <th scope="col">{text.column_waiting}</th><th scope="col">{text.column_last_error}</th><td></td></tr></thead>
                            <tbody>
                                {webhooks.into_iter().map(|hook| {
                                    let state = if hook.needs_secret {
                                        text.admin_webhook_needs_secret
                                    } else if hook.paused {
                                        text.admin_webhook_paused
                                    } else {
                                        text.admin_webhook_active
                                    };
                                    let toggle = if hook.paused {
                                        (WebhookOp::Resume, text.admin_webhook_resume)
                                    } else {
                                        (WebhookOp::Pause, text.admin_webhook_pause)
                                    };
                                    view! {
                                        <tr><td><code>{hook.url.clone()}</code></td><td>{state}</td><td>{hook.waiting}</td>
                                            <td>{hook.last_error.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                            <td>
                                                {webhook_button(hook.id.clone(), toggle.0, toggle.1)}
                                                {webhook_button(hook.id.clone(), WebhookOp::Rotate, text.admin_webhook_rotate)}
                                                {webhook_button(hook.id.clone(), WebhookOp::Delete, text.admin_webhook_delete)}
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
    let text = t();
    let state = form_state("invite_staff");
    let chosen = state.value("staff_role");
    let disable = form_state("disable_staff");
    view! {
        <section aria-labelledby="staff-title">
            <h2 id="staff-title">{text.admin_staff_title}</h2>
            <FormProblem problem=disable.problem.clone()/>
            <div class="table-wrap">
                <table aria-labelledby="staff-title">
                    <thead><tr><th scope="col">{text.field_name}</th><th scope="col">{text.field_email}</th>
                        <th scope="col">{text.column_role}</th><th scope="col">{text.column_status}</th><td></td></tr></thead>
                    <tbody>
                        {staff.into_iter().map(|s| {
                            let status = if s.disabled { text.admin_staff_disabled_state } else if s.enrolled { text.admin_staff_active } else { text.admin_staff_invited_state };
                            let may_disable = !s.disabled && !s.is_me;
                            view! {
                                <tr><td>{s.name}</td><td>{s.email}</td><td>{s.role}</td><td>{status}</td>
                                    <td>{may_disable.then(|| row_button(DisableStaff::PATH, "staff", s.id.clone(), text.admin_staff_disable))}</td></tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <h3>{text.admin_staff_invite_title}</h3>
            <form method="post" action=InviteStaff::PATH class="stack compact">
                <CsrfField/>
                <FormProblem problem=state.problem.clone()/>
                <Field name="staff_name" label=text.field_name maxlength=200
                    value=state.value("staff_name") error=state.error("staff_name")/>
                <Field name="staff_email" label=text.field_email kind="email" maxlength=254
                    value=state.value("staff_email") error=state.error("staff_email")/>
                <div class="field" class:field-invalid=state.error("staff_role").is_some()>
                    <label for="field-staff_role">{text.column_role}</label>
                    {state.error("staff_role").map(|e| view! { <p class="field-error">{e}</p> })}
                    <select id="field-staff_role" name="staff_role">
                        {[StaffRole::Support, StaffRole::Admin, StaffRole::Auditor].into_iter().map(|role| view! {
                            <option value=role.as_str() selected=chosen == role.as_str()>{role.as_str()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{text.admin_staff_invite}</button>
            </form>
        </section>
    }
}

#[component]
fn PartnerSection(partners: Vec<crate::admin::manage::PartnerLine>) -> impl IntoView {
    let text = t();
    let state = form_state("add_partner");
    view! {
        <section aria-labelledby="partners-title">
            <h2 id="partners-title">{text.admin_partners_title}</h2>
            <p class="why">{text.admin_partners_lead}</p>
            <ul class="link-list">
                {partners.into_iter().map(|p| view! {
                    <li>
                        {p.name}
                        {if p.retired {
                            view! { " "<span class="badge">{text.admin_partner_retired_state}</span> }.into_any()
                        } else {
                            view! { " "{row_button(RetirePartner::PATH, "partner", p.id.clone(), text.admin_partner_retire)} }.into_any()
                        }}
                    </li>
                }).collect_view()}
            </ul>
            <form method="post" action=AddPartner::PATH class="stack compact">
                <CsrfField/>
                <FormProblem problem=state.problem.clone()/>
                <Field name="partner_name" label=text.admin_partner_name maxlength=200
                    value=state.value("partner_name") error=state.error("partner_name")/>
                <button type="submit" class="button">{text.admin_partner_add}</button>
            </form>
        </section>
    }
}

#[component]
fn KeySection(keys: Vec<crate::admin::manage::KeyLine>) -> impl IntoView {
    let text = t();
    let state = form_state("create_key");
    view! {
        <section aria-labelledby="keys-title">
            <h2 id="keys-title">{text.admin_keys_title}</h2>
            <div class="table-wrap">
                <table aria-labelledby="keys-title">
                    <thead><tr><th scope="col">{text.field_name}</th><th scope="col">{text.column_prefix}</th>
                        <th scope="col">{text.column_scopes}</th><th scope="col">{text.column_last_used}</th><td></td></tr></thead>
                    <tbody>
                        {keys.into_iter().map(|k| view! {
                            <tr><td>{k.name}</td><td><code>{k.prefix}</code></td><td>{k.scopes}</td>
                                <td>{k.last_used.unwrap_or_else(|| "—".to_owned())}</td>
                                <td>{if k.revoked {
                                    view! { <span class="badge">{text.admin_key_revoked_state}</span> }.into_any()
                                } else {
                                    row_button(RevokeKey::PATH, "key", k.id.clone(), text.admin_key_revoke).into_any()
                                }}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <form method="post" action=CreateKey::PATH class="stack compact">
                <CsrfField/>
                <FormProblem problem=state.problem.clone()/>
                <Field name="key_name" label=text.admin_key_name maxlength=100
                    value=state.value("key_name") error=state.error("key_name")/>
                <fieldset>
                    <legend>{text.column_scopes}</legend>
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
                <button type="submit" class="button">{text.admin_key_create}</button>
            </form>
        </section>
    }
}

/// A new version of one topic's title and wording.
#[component]
pub fn AdminTopicPage() -> impl IntoView {
    let text = t();
    let Some(topic) = crate::page::page::<TopicLine>() else {
        return view! { <NotAllowed title=text.admin_topic_new_version/> }.into_any();
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
        <Title text=text.admin_topic_new_version/>
        <h1>{text.admin_topic_new_version}</h1>
        <p class="lead">{text.admin_topic_lead.replace("{version}", &topic.version.to_string())}</p>
        <form method="post" action=VersionTopic::PATH class="stack">
            <CsrfField/>
            <input type="hidden" name="key" value=topic.key.clone()/>
            <FormProblem problem=state.problem.clone()/>
            <Field name="title" label=text.admin_topic_title maxlength=200 value=title error=state.error("title")/>
            <div class="field" class:field-invalid=wording_error.is_some()>
                <label for="field-wording">{text.admin_topic_wording}</label>
                {wording_error.clone().map(|e| view! { <p class="field-error" id="field-wording-error">{e}</p> })}
                <textarea id="field-wording" name="wording" rows="4" maxlength="2000" required=true
                    aria-invalid=wording_error.as_ref().map(|_| "true")
                    aria-describedby=wording_error.as_ref().map(|_| "field-wording-error")>{wording}</textarea>
            </div>
            <button type="submit" class="button">{text.admin_topic_publish}</button>
        </form>
        <p><a href=paths::ADMIN_MANAGE>{text.admin_back_to_manage}</a></p>
    }
    .into_any()
}

/// Publishing a policy version.
#[component]
pub fn AdminPolicyPage() -> impl IntoView {
    let text = t();
    if !request_data().page.is::<crate::admin::routes::NewPolicyForm>() {
        return view! { <NotAllowed title=text.admin_policy_new/> }.into_any();
    }
    let state = form_state("publish_policy");
    let body_error = state.error("body");
    view! {
        <Title text=text.admin_policy_new/>
        <h1>{text.admin_policy_new}</h1>
        <p class="lead">{text.admin_policy_lead}</p>
        <form method="post" action=PublishPolicy::PATH class="stack">
            <CsrfField/>
            <FormProblem problem=state.problem.clone()/>
            <Field name="summary" label=text.admin_policy_summary maxlength=500
                value=state.value("summary") error=state.error("summary")/>
            <div class="field" class:field-invalid=body_error.is_some()>
                <label for="field-body">{text.admin_policy_body}</label>
                <p class="hint" id="field-body-hint">{text.admin_policy_body_hint}</p>
                {body_error.clone().map(|e| view! { <p class="field-error" id="field-body-error">{e}</p> })}
                <textarea id="field-body" name="body" rows="14" required=true aria-describedby="field-body-hint"
                    aria-invalid=body_error.as_ref().map(|_| "true")>{state.value("body")}</textarea>
            </div>
            <Field name="effective" label=text.admin_policy_effective kind="date"
                value=state.value("effective") error=state.error("effective")/>
            <div class="choice">
                <input type="checkbox" id="field-material" name="material" value="on" checked=state.value("material") == "on"/>
                <div>
                    <label for="field-material">{text.admin_policy_material_label}</label>
                    <p class="hint">{text.admin_policy_material_hint}</p>
                </div>
            </div>
            <button type="submit" class="button">{text.admin_policy_publish}</button>
        </form>
        <p><a href=paths::ADMIN_MANAGE>{text.admin_back_to_manage}</a></p>
    }
    .into_any()
}
