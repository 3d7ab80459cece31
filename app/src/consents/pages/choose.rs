//! "What we may send you": one checkbox per topic (none ticked unless the person chose it),
//! saved together; "unsubscribe from everything" in one press; the history of every change.

use crate::paths;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::consents::api::{SaveConsents, UnsubscribeAll};
use crate::consents::model::{ConsentState, ConsentsView, HistoryEntry, TopicChoice};
use crate::forms::{CsrfField, in_place::SavesInPlace};
use crate::i18n::{current_locale, tr};

#[component]
pub fn ConsentsPage() -> impl IntoView {
    let locale = current_locale();
    let Some(view) = crate::page::page::<crate::consents::model::ConsentsView>() else {
        return ().into_any();
    };
    let ConsentsView {
        topics, history, ..
    } = view;
    view! {
        <Title text={tr!(locale, common.consents_title)}/>
        <h1>{tr!(locale, common.consents_title)}</h1>
        <p class="lead">{tr!(locale, common.consents_lead)}</p>
        <SavesInPlace>
            <form method="post" action=SaveConsents::PATH class="stack topics">
                <CsrfField/>
                <fieldset>
                    <legend>{tr!(locale, common.consents_legend)}</legend>
                    {topics.into_iter().map(|topic| view! { <TopicBox topic/> }).collect_view()}
                </fieldset>
                <button type="submit" class="button">{tr!(locale, common.consents_save)}</button>
            </form>
        </SavesInPlace>
        <form method="post" action=UnsubscribeAll::PATH class="stack">
            <CsrfField/>
            <button type="submit" class="button secondary">{tr!(locale, common.unsubscribe_all)}</button>
        </form>
        <section aria-labelledby="history-title">
            <h2 id="history-title">{tr!(locale, common.consent_history_title)}</h2>
            <p class="why">{tr!(locale, common.consent_history_lead)}</p>
            {if history.is_empty() {
                view! { <p class="empty">{tr!(locale, common.consent_history_empty)}</p> }.into_any()
            } else {
                view! { <ol class="timeline">{history.into_iter().map(|entry| view! { <HistoryItem entry/> }).collect_view()}</ol> }.into_any()
            }}
        </section>
        <p><a href=paths::MY_DATA>{tr!(locale, common.back_to_my_data)}</a></p>
    }
    .into_any()
}

#[component]
pub fn TopicBox(topic: TopicChoice) -> impl IntoView {
    let locale = current_locale();
    let id = format!("topic-{}", topic.key);
    let wording_id = format!("{id}-wording");
    let name = format!("choices[{}]", topic.key);
    let note = if topic.locked {
        Some(tr!(locale, common.service_notices_locked))
    } else if topic.state == ConsentState::Pending {
        Some(tr!(locale, common.consent_pending_note))
    } else {
        None
    };
    view! {
        <div class="topic choice">
            <input
                type="checkbox"
                id=id.clone()
                name=name
                value="on"
                checked=topic.state.is_on()
                disabled=topic.locked
                aria-describedby=wording_id.clone()
            />
            <div>
                <label for=id lang=crate::i18n::code(crate::i18n::content_language())>{topic.title}</label>
                <p class="hint" id=wording_id lang=crate::i18n::code(crate::i18n::content_language())>{topic.wording}</p>
                {note.map(|note| view! { <p class="note">{note}</p> })}
            </div>
        </div>
    }
}

#[component]
fn HistoryItem(entry: HistoryEntry) -> impl IntoView {
    let locale = current_locale();
    let state = match entry.state {
        ConsentState::Granted => tr!(locale, common.history_granted),
        ConsentState::Withdrawn => tr!(locale, common.history_withdrawn),
        ConsentState::Pending => tr!(locale, common.history_pending),
    };
    view! {
        <li>
            <strong>{entry.topic}</strong>": "{state}
            <br/>
            <span class="muted">{entry.at}" · "{tr!(locale, common.history_via)}" "{entry.source}</span>
            {entry.reason.map(|reason| view! { <br/><span class="muted">{tr!(locale, common.history_reason)}" "{reason}</span> })}
            <details>
                <summary>{tr!(locale, common.history_wording)}</summary>
                <p>"“"{entry.wording}"”"</p>
                <p class="muted">{tr!(locale, common.history_versions, topic = entry.topic_version.to_string(), policy = entry.policy_version.to_string())}</p>
            </details>
        </li>
    }
}
