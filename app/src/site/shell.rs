use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use super::{home::HomePage, layout::Layout, not_found::NotFound};
use crate::account::pages::{
    DetailsPage, EmailCancelPage, EmailChangePage, EmailConfirmPage, MyDataPage, SecurityPage,
};
use crate::admin::act::pages::AdminActPage;
use crate::admin::requests::pages::AdminRequestPage;
use crate::admin::requests::pages::AdminRequestsPage;
use crate::admin::act::pages::IdentityConfirmPage;
use crate::admin::dashboard::pages::AdminDashboardPage;
use crate::admin::manage::pages::AdminManagePage;
use crate::admin::manage::pages::AdminPolicyPage;
use crate::admin::manage::pages::AdminTopicPage;
use crate::admin::audit::pages::AdminAuditPage;
use crate::admin::search::pages::AdminHomePage;
use crate::admin::outbox::pages::AdminOutboxPage;
use crate::admin::person::pages::AdminPersonPage;
use crate::admin::sign_in::pages::RecoveryCodesPage;
use crate::admin::sign_in::pages::StaffSetupPage;
use crate::admin::sign_in::pages::StaffSignInPage;
use crate::auth::pages::{
    CheckEmailPage, ForgotPasswordPage, ResendConfirmationPage, ResetPasswordPage, SignInLinkPage,
    SignInPage, SignUpPage, VerifyEmailPage,
};
use crate::consents::pages::{ConsentConfirmPage, ConsentUndoPage, ConsentsPage, SubscribePage};
use crate::i18n::t;
use crate::newsletter::pages::{ProfilePage, UnsubscribePage};
use crate::policy::pages::{CookiesPage, PrivacyPage};
use crate::rights::pages::{ErasedPage, RightsPage};

/// The HTML document around every page. Only islands hydrate (`islands=true`); the hydration
/// scripts carry the per-response CSP nonce that the server provides.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options=options islands=true/>
                <link rel="stylesheet" href="/pkg/prefcentre.css"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Every route renders in `SsrMode::Async`: the whole page is ready before the first byte, so
/// it works without JavaScript (out-of-order streaming would hide `Suspense` content in
/// templates that only a script moves into place) and status codes set while rendering apply.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let product = t().product_name;
    view! {
        <Title formatter=move |page: String| {
            if page.is_empty() { product.to_string() } else { format!("{page} · {product}") }
        }/>
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("sign-up") view=SignUpPage ssr=SsrMode::Async/>
                    <Route path=path!("check-email") view=CheckEmailPage ssr=SsrMode::Async/>
                    <Route path=path!("sign-in") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("sign-in/link") view=SignInLinkPage ssr=SsrMode::Async/>
                    <Route path=path!("verify-email") view=VerifyEmailPage ssr=SsrMode::Async/>
                    <Route path=path!("forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("reset-password") view=ResetPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("resend-confirmation") view=ResendConfirmationPage ssr=SsrMode::Async/>
                    <Route path=path!("account") view=MyDataPage ssr=SsrMode::Async/>
                    <Route path=path!("account/details") view=DetailsPage ssr=SsrMode::Async/>
                    <Route path=path!("account/consents") view=ConsentsPage ssr=SsrMode::Async/>
                    <Route path=path!("subscribe") view=SubscribePage ssr=SsrMode::Async/>
                    <Route path=path!("p") view=ProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("u") view=UnsubscribePage ssr=SsrMode::Async/>
                    <Route path=path!("consents/confirm") view=ConsentConfirmPage ssr=SsrMode::Async/>
                    <Route path=path!("consents/undo") view=ConsentUndoPage ssr=SsrMode::Async/>
                    <Route path=path!("account/security") view=SecurityPage ssr=SsrMode::Async/>
                    <Route path=path!("account/email") view=EmailChangePage ssr=SsrMode::Async/>
                    <Route path=path!("account/email/confirm") view=EmailConfirmPage ssr=SsrMode::Async/>
                    <Route path=path!("account/email/cancel") view=EmailCancelPage ssr=SsrMode::Async/>
                    <Route path=path!("account/rights") view=RightsPage ssr=SsrMode::Async/>
                    <Route path=path!("erased") view=ErasedPage ssr=SsrMode::Async/>
                    <Route path=path!("privacy") view=PrivacyPage ssr=SsrMode::Async/>
                    <Route path=path!("cookies") view=CookiesPage ssr=SsrMode::Async/>
                    <Route path=path!("admin") view=AdminHomePage ssr=SsrMode::Async/>
                    <Route path=path!("admin/sign-in") view=StaffSignInPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/person") view=AdminPersonPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/person/act") view=AdminActPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/requests") view=AdminRequestsPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/dashboard") view=AdminDashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/manage") view=AdminManagePage ssr=SsrMode::Async/>
                    <Route path=path!("admin/topic") view=AdminTopicPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/policy/new") view=AdminPolicyPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/request") view=AdminRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("identity/confirm") view=IdentityConfirmPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/outbox") view=AdminOutboxPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/audit") view=AdminAuditPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/setup") view=StaffSetupPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/setup/done") view=RecoveryCodesPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
