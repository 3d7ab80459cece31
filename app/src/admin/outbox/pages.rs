//! Undelivered mail: what failed, why, and a way to send it again.

use crate::paths;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use crate::admin::outbox::api::RetryMail;
use crate::forms::CsrfField;
use crate::i18n::t;

#[component]
pub fn AdminOutboxPage() -> impl IntoView {
    let text = t();
    let Some(view) = crate::page::page::<crate::admin::outbox::OutboxView>() else {
        return ().into_any();
    };
    let may_retry = view.may_retry;
    view! {
        <Title text=text.admin_outbox_title/>
        <h1>{text.admin_outbox_title}</h1>
        <p class="lead">{text.admin_outbox_lead}</p>
        <p><a href=paths::ADMIN_HOME>{text.admin_back_to_search}</a></p>
        {if view.mails.is_empty() {
            view! { <p class="empty">{text.admin_outbox_empty}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table aria-label=text.admin_outbox_title>
                        <thead><tr>
                            <th scope="col">{text.column_when}</th><th scope="col">{text.column_kind}</th>
                            <th scope="col">{text.column_recipient}</th><th scope="col">{text.column_subject}</th>
                            <th scope="col">{text.column_status}</th><th scope="col">{text.column_attempts}</th>
                            <th scope="col">{text.column_error}</th><td></td>
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
                                            <button type="submit" class="link-button">{text.admin_retry}</button>
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
