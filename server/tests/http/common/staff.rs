//! Staff in tests: set up from their link with an authenticator app, then signed in.

use leptos::server_fn::ServerFn;
use prefcentre_app::admin::sign_in::api::CompleteStaffSetup;
use prefcentre_app::admin::person::api::OpenPerson;
use prefcentre_app::admin::sign_in::api::StaffSignIn;
use prefcentre_app::admin::sign_in::setup;
use prefcentre_app::admin::sign_in::totp;
use prefcentre_app::domain::EmailAddress;
use prefcentre_app::platform::clock::Clock;
use prefcentre_app::domain::StaffRole;

use super::TestApp;
use super::browser::{Browser, Page};

pub const STAFF: &str = "sam.admin@example.com";
pub const ADA: &str = "ada.lindqvist@example.com";
pub const STAFF_PASSWORD: &str = "a long staff passphrase 42";

pub fn code_now(app: &TestApp, secret: &str) -> String {
    let raw = data_encoding::BASE32_NOPAD
        .decode(secret.as_bytes())
        .unwrap();
    format!(
        "{:06}",
        totp::code_at(&raw, totp::step_of(app.clock.now().timestamp()))
    )
}

/// The value of the `<code class="secret">` on the set-up page.
pub fn secret_on(html: &str) -> String {
    let start = html.find("<code class=\"secret\">").unwrap() + "<code class=\"secret\">".len();
    html[start..].split('<').next().unwrap().to_owned()
}

/// Creates a staff member and completes set-up in a browser; returns the secret and the codes.
pub async fn enrolled(app: &TestApp, role: StaffRole) -> (String, Vec<String>) {
    let email = EmailAddress::parse(STAFF).unwrap();
    let link = setup::create(
        &app.ctx,
        &email,
        "Sam Admin",
        role,
        prefcentre_app::platform::audit::Actor::System,
        &Default::default(),
    )
    .await
    .unwrap();
    let mut browser = app.visitor();
    let page = browser.get(&link).await;
    assert!(page.contains("Set up your staff account"), "{}", page.html);
    let secret = secret_on(&page.html);
    assert!(page.html.contains("otpauth://totp/"));
    let token = link.split("token=").nth(1).unwrap();

    let page = browser
        .submit(
            CompleteStaffSetup::PATH,
            &[
                ("token", token),
                ("password", STAFF_PASSWORD),
                ("code", "000000"),
            ],
        )
        .await;
    assert!(
        page.contains("That code is not right."),
        "a wrong first code is refused"
    );
    browser.get(&link).await;
    let code = code_now(app, &secret);
    let page = browser
        .submit(
            CompleteStaffSetup::PATH,
            &[
                ("token", token),
                ("password", STAFF_PASSWORD),
                ("code", &code),
            ],
        )
        .await;
    assert!(page.contains("Your recovery codes"), "{}", page.html);
    let codes: Vec<String> = page
        .html
        .split("<li><code>")
        .skip(1)
        .map(|chunk| chunk.split('<').next().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    let again = browser.get("/admin/setup/done").await;
    assert!(
        again.contains("shown only once"),
        "the codes are shown once"
    );
    let spent = browser.get(&link).await;
    assert!(
        !spent.contains("<code class=\"secret\">"),
        "the link is spent"
    );
    (secret, codes)
}

pub async fn staff_browser(app: &TestApp, code: &str) -> (Browser, Page) {
    let mut browser = app.visitor();
    browser.get("/admin/sign-in").await;
    let page = browser
        .submit(
            StaffSignIn::PATH,
            &[
                ("email", STAFF),
                ("password", STAFF_PASSWORD),
                ("code", code),
            ],
        )
        .await;
    (browser, page)
}

/// A staff member of `role`, enrolled and signed in, with a person's record opened for `why`.
pub async fn signed_in_with_record(
    app: &TestApp,
    role: StaffRole,
    person: uuid::Uuid,
    why: &str,
) -> Browser {
    use chrono::Duration;
    let (secret, _) = enrolled(app, role).await;
    app.clock.advance(Duration::seconds(30));
    let (mut browser, page) = staff_browser(app, &code_now(app, &secret)).await;
    assert!(page.contains("Signed in as"), "{}", page.html);
    browser.get(&format!("/admin/person?id={person}")).await;
    let page = browser
        .submit(
            OpenPerson::PATH,
            &[("person", &person.to_string()), ("reason", why)],
        )
        .await;
    assert!(page.contains("Audit trail"), "{}", page.html);
    browser
}
