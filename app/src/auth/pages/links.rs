//! The pages e-mailed links open. Opening one (a GET, which mail scanners and link previews
//! also do) only shows a button; the POST behind the button spends the token.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::api::{LinkPurpose, RedeemLink, ResetPassword, link_status};
use crate::forms::{CsrfField, Field, FormProblem, FormState, WithFormState};
use crate::i18n::t;

fn token_from_query() -> String {
    use_query_map().with_untracked(|query| query.get("token").unwrap_or_default())
}

/// Renders `live` while the link can be used, and the way to a fresh one otherwise.
#[component]
fn WhileLive<V: IntoView + 'static>(
    purpose: LinkPurpose,
    token: String,
    fresh_link: &'static str,
    live: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    let status = OnceResource::new_blocking(link_status(purpose, token));
    let live = std::sync::Arc::new(live);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let live = live.clone();
                Suspend::new(async move {
                    if status.await.unwrap_or(false) {
                        live().into_any()
                    } else {
                        view! {
                            <div class="form-problem" role="alert"><p>{t().link_invalid}</p></div>
                            <p><a class="button" href=fresh_link>{t().link_get_fresh}</a></p>
                        }
                        .into_any()
                    }
                })
            }}
        </Suspense>
    }
}

/// The button that spends a sign-in or confirmation token.
#[component]
fn RedeemButton(purpose: LinkPurpose, token: String, label: &'static str) -> impl IntoView {
    let purpose_value = match purpose {
        LinkPurpose::SignIn => "sign-in",
        LinkPurpose::Confirm => "confirm",
        LinkPurpose::Reset => "reset",
    };
    view! {
        <WithFormState form=purpose.form() content=move |state: FormState| {
            let token = token.clone();
            view! {
                <form method="post" action=RedeemLink::PATH class="stack">
                    <CsrfField/>
                    <input type="hidden" name="purpose" value=purpose_value/>
                    <input type="hidden" name="token" value=token/>
                    <FormProblem problem=state.problem.clone()/>
                    <button type="submit" class="button">{label}</button>
                </form>
            }
        }/>
    }
}

#[component]
pub fn SignInLinkPage() -> impl IntoView {
    let text = t();
    let token = token_from_query();
    let button_token = token.clone();
    view! {
        <Title text=text.sign_in_link_title/>
        <h1>{text.sign_in_link_title}</h1>
        <WhileLive purpose=LinkPurpose::SignIn token fresh_link="/sign-in" live=move || view! {
            <p>{text.sign_in_link_lead}</p>
            <RedeemButton purpose=LinkPurpose::SignIn token=button_token.clone() label=text.sign_in_link_button/>
        }/>
    }
}

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let text = t();
    let token = token_from_query();
    let button_token = token.clone();
    view! {
        <Title text=text.verify_email_title/>
        <h1>{text.verify_email_title}</h1>
        <WhileLive purpose=LinkPurpose::Confirm token fresh_link="/resend-confirmation" live=move || view! {
            <p>{text.verify_email_lead}</p>
            <RedeemButton purpose=LinkPurpose::Confirm token=button_token.clone() label=text.verify_email_button/>
        }/>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let text = t();
    let token = token_from_query();
    let form_token = token.clone();
    view! {
        <Title text=text.reset_password_title/>
        <h1>{text.reset_password_title}</h1>
        <WhileLive purpose=LinkPurpose::Reset token fresh_link="/forgot-password" live=move || {
            let token = form_token.clone();
            view! {
                <p>{text.reset_password_lead}</p>
                <WithFormState form="reset_password" content=move |state: FormState| view! {
                    <form method="post" action=ResetPassword::PATH class="stack">
                        <CsrfField/>
                        <input type="hidden" name="token" value=token.clone()/>
                        <FormProblem problem=state.problem.clone()/>
                        <Field
                            name="password"
                            label=text.field_new_password
                            kind="password"
                            autocomplete="new-password"
                            hint=text.password_hint
                            minlength=8
                            maxlength=1024
                            error=state.error("password")
                        />
                        <button type="submit" class="button">{text.reset_password_submit}</button>
                    </form>
                }/>
            }
        }/>
    }
}
