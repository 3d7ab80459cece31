use crate::paths;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::account::security_api::{ChangePassword, EndSession, RevokeLinks};
use crate::auth::pages::NewPasswordField;
use crate::forms::{CsrfField, Field, FormProblem};
use crate::i18n::{current_locale, tr};
use crate::page::form_state;

#[component]
pub fn SecurityPage() -> impl IntoView {
    let locale = current_locale();
    let Some(security) = crate::page::page::<crate::account::views::Security>() else {
        return ().into_any();
    };
    let state = form_state("password");
    view! {
        <Title text={tr!(locale, common.security_title)}/>
        <h1>{tr!(locale, common.security_title)}</h1>
        <section aria-labelledby="password-title">
            <h2 id="password-title">{if security.has_password { tr!(locale, common.change_password) } else { tr!(locale, common.set_password) }}</h2>
            {if security.has_password {
                view! {
                    <form method="post" action=ChangePassword::PATH class="stack">
                        <CsrfField/>
                        <FormProblem problem=state.problem.clone()/>
                        <Field name="current_password" label={tr!(locale, common.field_current_password)} kind="password"
                            autocomplete="current-password" maxlength=1024 error=state.error("current_password")/>
                        <NewPasswordField error=state.error("password")/>
                        <div class="choice">
                            <input type="checkbox" id="end-others" name="end_other_sessions" value="yes" checked=true/>
                            <label for="end-others">{tr!(locale, common.end_other_sessions)}</label>
                        </div>
                        <button type="submit" class="button">{tr!(locale, common.change_password)}</button>
                    </form>
                }.into_any()
            } else {
                view! { <p>{tr!(locale, common.no_password_yet)}" "<a href=paths::FORGOT_PASSWORD>{tr!(locale, common.set_password)}</a></p> }.into_any()
            }}
        </section>
        <section aria-labelledby="sessions-title">
            <h2 id="sessions-title">{tr!(locale, common.sessions_title)}</h2>
            <p class="why">{tr!(locale, common.sessions_lead)}</p>
            <ul class="cards">
                {security.sessions.into_iter().map(|session| view! {
                    <li>
                        <strong>{session.device}</strong>
                        {session.current.then(|| view! { " "<span class="badge">{tr!(locale, common.this_device)}</span> })}
                        <br/>
                        {tr!(locale, common.column_ip)}": "{session.ip.unwrap_or_default()}<br/>
                        {tr!(locale, common.session_started)}" "{session.started}" · "{tr!(locale, common.session_last_seen)}" "{session.last_seen}
                        {(!session.current).then(|| view! {
                            <form method="post" action=EndSession::PATH class="inline-form">
                                <CsrfField/>
                                <input type="hidden" name="session" value=session.key.clone()/>
                                " "<button type="submit" class="link-button danger">{tr!(locale, common.end_session)}</button>
                            </form>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="links-title">
            <h2 id="links-title">{tr!(locale, common.links_revoke_title)}</h2>
            <p class="why">{tr!(locale, common.links_revoke_lead)}</p>
            <form method="post" action=RevokeLinks::PATH class="stack">
                <CsrfField/>
                <button type="submit" class="button secondary">{tr!(locale, common.links_revoke_button)}</button>
            </form>
        </section>
        <p><a href=paths::MY_DATA>{tr!(locale, common.back_to_my_data)}</a></p>
    }
    .into_any()
}
