//! The sign-in pages: their loaders and access rules, on the server (paths: `crate::paths`).
//! Pages that e-mailed links open (here and in other features) share [`LinkData`] and
//! [`link_page`].

#[cfg(feature = "ssr")]
use crate::paths;

use crate::page;

/// A page opened from an e-mailed link: while the link can still be used, the address of the
/// account it acts for (shown before the button, so nobody signs in to an account that is not
/// theirs through a link somebody handed them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkData {
    pub token: String,
    pub opens_for: Option<String>,
}

/// The link this page was opened with, whether or not it still works.
pub fn link() -> Option<LinkData> {
    page::page::<LinkData>()
}

/// The link's token while it can be used; `None` when it is unknown, used or expired.
pub fn live_token() -> Option<String> {
    link().filter(|link| link.opens_for.is_some()).map(|link| link.token)
}

#[cfg(feature = "ssr")]
pub use ssr::{link_page, routes};

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::auth::pages::CheckEmailPage;
    use crate::auth::pages::ForgotPasswordPage;
    use crate::auth::pages::ResendConfirmationPage;
    use crate::auth::pages::ResetPasswordPage;
    use crate::auth::pages::SignInLinkPage;
    use crate::auth::pages::SignInPage;
    use crate::auth::pages::SignUpPage;
    use crate::auth::pages::VerifyEmailPage;
    use leptos::prelude::IntoAny;
    use crate::auth::ssr::session::SessionError;
    use crate::page::{
        PageData,
        load::{Access, Load, LoadError, Loading, Route},
    };
    use crate::platform::tokens::Purpose;

    impl From<SessionError> for LoadError {
        fn from(err: SessionError) -> Self {
            Self::Other(err.to_string())
        }
    }

    pub fn routes() -> Vec<Route> {
        vec![
            Route::plain(paths::SIGN_UP, || SignUpPage().into_any()),
            Route::plain(paths::CHECK_EMAIL, || CheckEmailPage().into_any()),
            Route::plain(paths::SIGN_IN, || SignInPage().into_any()),
            Route { path: paths::SIGN_IN_LINK, access: Access::Anyone(|l| link_page(l, Purpose::SignIn)), view: || SignInLinkPage().into_any() },
            Route {
                path: paths::VERIFY_EMAIL,
                access: Access::Anyone(|l| link_page(l, Purpose::VerifyEmail)), view: || VerifyEmailPage().into_any() },
            Route::plain(paths::FORGOT_PASSWORD, || ForgotPasswordPage().into_any()),
            Route {
                path: paths::RESET_PASSWORD,
                access: Access::Anyone(|l| link_page(l, Purpose::PasswordReset)), view: || ResetPasswordPage().into_any() },
            Route::plain(paths::RESEND_CONFIRMATION, || ResendConfirmationPage().into_any()),
        ]
    }

    /// The loader of a page an e-mailed link for `purpose` opens: the token from the query,
    /// and whom it opens for while it works.
    pub fn link_page<'a>(load: &'a Load<'a>, purpose: Purpose) -> Loading<'a> {
        Box::pin(async move {
            let token = load.query("token");
            let opens_for = crate::auth::ssr::links::link_opens_for(load.ctx, &token, purpose).await?;
            Ok(PageData::new(LinkData { token, opens_for }).into())
        })
    }
}
