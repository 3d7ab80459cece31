//! The profile page a newsletter's footer links to: topics with no login, and nothing else of
//! the person's data but the masked address. An expired or revoked link leads to "e-mail me a
//! fresh link".

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use super::ProfileView;
use crate::consents::model::ConsentState;
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::t;
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
    let text = t();
    let state = form_state("profile");
    let token = view.token.clone();
    view! {
        <Title text=text.consents_title/>
        <h1>{text.consents_title}</h1>
        <p class="lead">{text.profile_lead.replace("{email}", &view.masked_email)}</p>
        <FormProblem problem=state.problem.clone()/>
        {view.undo_change.map(|change| view! {
            <form method="post" action=UndoProfileChange::PATH class="undo">
                <CsrfField/>
                <input type="hidden" name="t" value=token.clone()/>
                <input type="hidden" name="change" value=change/>
                <button type="submit" class="button secondary">{text.consent_undo_button}</button>
            </form>
        })}
        <form method="post" action=SaveProfile::PATH class="stack topics">
            <CsrfField/>
            <input type="hidden" name="t" value=view.token.clone()/>
            <fieldset>
                <legend>{text.consents_legend}</legend>
                {view.topics.into_iter().map(|topic| {
                    let id = format!("topic-{}", topic.key);
                    let wording_id = format!("{id}-wording");
                    view! {
                        <div class="topic choice">
                            <input type="checkbox" id=id.clone() name=format!("choices[{}]", topic.key) value="on"
                                checked=topic.state.is_on() disabled=topic.locked aria-describedby=wording_id.clone()/>
                            <div>
                                <label for=id>{topic.title}</label>
                                <p class="hint" id=wording_id>{topic.wording}</p>
                                {topic.locked.then(|| view! { <p class="note">{text.service_notices_locked}</p> })}
                                {(topic.state == ConsentState::Pending).then(|| view! { <p class="note">{text.consent_pending_note}</p> })}
                            </div>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button">{text.consents_save}</button>
        </form>
        <form method="post" action=SaveProfile::PATH class="stack">
            <CsrfField/>
            <input type="hidden" name="t" value=token.clone()/>
            <input type="hidden" name="everything_off" value="yes"/>
            <button type="submit" class="button secondary">{text.unsubscribe_all}</button>
        </form>
        <section aria-labelledby="rights-title">
            <h2 id="rights-title">{text.profile_rights_title}</h2>
            <p>{text.profile_rights_lead}</p>
            <form method="post" action=RightsLink::PATH class="stack">
                <CsrfField/>
                <input type="hidden" name="t" value=token/>
                <FormProblem problem=form_state("rights_link").problem/>
                <button type="submit" class="button secondary">{text.profile_rights_button}</button>
            </form>
        </section>
        <section aria-labelledby="links-title">
            <h2 id="links-title">{text.links_revoke_title}</h2>
            <p>{text.links_revoke_lead}</p>
            <form method="post" action=RevokeProfileLinks::PATH class="stack">
                <CsrfField/>
                <input type="hidden" name="t" value=view.token.clone()/>
                <FormProblem problem=form_state("revoke_links").problem/>
                <button type="submit" class="button secondary">{text.links_revoke_button}</button>
            </form>
        </section>
    }
}

#[component]
fn AskForFreshLink() -> impl IntoView {
    let text = t();
    let state = form_state("fresh_link");
    view! {
        <Title text=text.fresh_link_title/>
        <h1>{text.fresh_link_title}</h1>
        <p class="lead">{text.fresh_link_lead}</p>
        <form method="post" action=FreshLink::PATH class="stack">
            <CsrfField/>
            <FormProblem problem=state.problem.clone()/>
            <Field name="email" label=text.field_email kind="email" autocomplete="email" maxlength=254
                value=state.value("email") error=state.error("email")/>
            <button type="submit" class="button">{text.fresh_link_submit}</button>
        </form>
    }
}
