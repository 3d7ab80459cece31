//! Undelivered mail: what failed, why, and a way to send it again.

use crate::paths;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use crate::admin::outbox::api::RetryMail;
use crate::forms::CsrfField;
use crate::i18n::{current_locale, tr};

#[component]
pub fn AdminOutboxPage() -> impl IntoView {
    let locale = current_locale();
    let Some(view) = crate::page::page::<crate::admin::outbox::OutboxView>() else {
        return ().into_any();
    };
    let may_retry = view.may_retry;
    view! {
        <Title text={tr!(locale, admin.outbox_title)}/>
        <h1>{tr!(locale, admin.outbox_title)}</h1>
        <p class="lead">{tr!(locale, admin.outbox_lead)}</p>
        <p><a href=paths::ADMIN_HOME>{tr!(locale, admin.back_to_search)}</a></p>
        {if view.mails.is_empty() {
            view! { <p class="empty">{tr!(locale, admin.outbox_empty)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0">
                    <table aria-label={tr!(locale, admin.outbox_title)}>
                        <thead><tr>
                            <th scope="col">{tr!(locale, common.column_when)}</th><th scope="col">{tr!(locale, admin.column_kind)}</th>
                            <th scope="col">{tr!(locale, admin.column_recipient)}</th><th scope="col">{tr!(locale, admin.column_subject)}</th>
                            <th scope="col">{tr!(locale, common.column_status)}</th><th scope="col">{tr!(locale, admin.column_attempts)}</th>
                            <th scope="col">{tr!(locale, admin.column_error)}</th><td></td>
                        </tr></thead>
                        <tbody>
                            {view.mails.into_iter().map(|m| view! {
                                <tr>
                                    <td>{m.queued}</td><td>{m.kind}</td><td>{m.recipient}</td>
                                    <td>{m.subject.unwrap_or_default()}</td><td>{m.status}</td><td>{m.attempts}</td>
                                    <td>{m.error.unwrap_or_default()}</td>
                                    <td>{(may_retry && m.retryable).then(|| view! {
                                        <form method="post" action=RetryMail::PATH class="inline-form">
                                            <CsrfField/>
                                            <input type="hidden" name="mail" value=m.id.clone()/>
                                            <button type="submit" class="link-button">{tr!(locale, admin.retry)}</button>
                                        </form>
                                    })}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
    .into_any()
}
