//! The sign-in pages. Each is a plain form that posts to a server function and works without
//! JavaScript.

mod forms;
mod links;
mod sign_in;
mod sign_up;

pub use forms::NewPasswordField;
pub use links::{ResetPasswordPage, SignInLinkPage, VerifyEmailPage};
pub use sign_in::{ForgotPasswordPage, ResendConfirmationPage, SignInPage};
pub use sign_up::{CheckEmailPage, SignUpPage};
