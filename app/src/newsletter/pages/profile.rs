//! The profile page a newsletter's footer links to: topics with no login, and nothing else of
//! the person's data but the masked address. An expired or revoked link leads to "e-mail me a
//! fresh link".

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use super::ProfileView;
use crate::consents::model::ConsentState;
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::{current_locale, tr};
use crate::newsletter::api::{
    FreshLink, RevokeProfileLinks, RightsLink, SaveProfile, UndoProfileChange,
};
use crate::page::form_state;

#[component]
pub fn ProfilePage() -> impl IntoView {
    match crate::page::page::<ProfileView>() {
        Some(view) => view! { <Topics view=view/> }.into_any(),
        None => view! { <AskForFreshLink/> }.into_any(),
    }
}

#[component]
fn Topics(view: ProfileView) -> impl IntoView {
    let locale = current_locale();
    let state = form_state("profile");
    let token = view.token.clone();
    view! {
        <Title text={tr!(locale, common.consents_title)}/>
        <h1>{tr!(locale, common.consents_title)}</h1>
        <p class="lead">{tr!(locale, common.profile_lead, email = view.masked_email)}</p>
        <FormProblem problem=state.problem.clone()/>
        {view.undo_change.map(|change| view! {
            <form method="post" action=UndoProfileChange::PATH class="undo">
                <CsrfField/>
                <input type="hidden" name="t" value=token.clone()/>
                <input type="hidden" name="change" value=change/>
                <button type="submit" class="button secondary">{tr!(locale, common.consent_undo_button)}</button>
            </form>
        })}
        <form method="post" action=SaveProfile::PATH class="stack topics">
            <CsrfField/>
            <input type="hidden" name="t" value=view.token.clone()/>
            <fieldset>
                <legend>{tr!(locale, common.consents_legend)}</legend>
                {view.topics.into_iter().map(|topic| {
                    let id = format!("topic-{}", topic.key);
                    let wording_id = format!("{id}-wording");
                    view! {
                        <div class="topic choice">
                            <input type="checkbox" id=id.clone() name=format!("choices[{}]", topic.key) value="on"
                                checked=topic.state.is_on() disabled=topic.locked aria-describedby=wording_id.clone()/>
                            <div>
                                <label for=id lang=crate::i18n::code(crate::i18n::content_language())>{topic.title}</label>
                                <p class="hint" id=wording_id lang=crate::i18n::code(crate::i18n::content_language())>{topic.wording}</p>
                                {topic.locked.then(|| view! { <p class="note">{tr!(locale, common.service_notices_locked)}</p> })}
                                {(topic.state == ConsentState::Pending).then(|| view! { <p class="note">{tr!(locale, common.consent_pending_note)}</p> })}
                            </div>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button">{tr!(locale, common.consents_save)}</button>
        </form>
        <form method="post" action=SaveProfile::PATH class="stack">
            <CsrfField/>
            <input type="hidden" name="t" value=token.clone()/>
            <input type="hidden" name="everything_off" value="yes"/>
            <button type="submit" class="button secondary">{tr!(locale, common.unsubscribe_all)}</button>
        </form>
        <section aria-labelledby="rights-title">
            <h2 id="rights-title">{tr!(locale, common.profile_rights_title)}</h2>
            <p>{tr!(locale, common.profile_rights_lead)}</p>
            <form method="post" action=RightsLink::PATH class="stack">
                <CsrfField/>
                <input type="hidden" name="t" value=token/>
                <FormProblem problem=form_state("rights_link").problem/>
                <button type="submit" class="button secondary">{tr!(locale, common.profile_rights_button)}</button>
            </form>
        </section>
        <section aria-labelledby="links-title">
            <h2 id="links-title">{tr!(locale, common.links_revoke_title)}</h2>
            <p>{tr!(locale, common.links_revoke_lead)}</p>
            <form method="post" action=RevokeProfileLinks::PATH class="stack">
                <CsrfField/>
                <input type="hidden" name="t" value=view.token.clone()/>
                <FormProblem problem=form_state("revoke_links").problem/>
                <button type="submit" class="button secondary">{tr!(locale, common.links_revoke_button)}</button>
            </form>
        </section>
    }
}

#[component]
fn AskForFreshLink() -> impl IntoView {
    let locale = current_locale();
    let state = form_state("fresh_link");
    view! {
        <Title text={tr!(locale, common.fresh_link_title)}/>
        <h1>{tr!(locale, common.fresh_link_title)}</h1>
        <p class="lead">{tr!(locale, common.fresh_link_lead)}</p>
        <form method="post" action=FreshLink::PATH class="stack">
            <CsrfField/>
            <FormProblem problem=state.problem.clone()/>
            <Field name="email" label={tr!(locale, common.field_email)} kind="email" autocomplete="email" maxlength=254
                value=state.value("email") error=state.error("email")/>
            <button type="submit" class="button">{tr!(locale, common.fresh_link_submit)}</button>
        </form>
    }
}
