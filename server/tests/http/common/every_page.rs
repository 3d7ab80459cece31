//! Every page of the route list as the three kinds of reader see it: a visitor, Ada signed in,
//! and an admin with Ada's record open (plus that record and each of its act pages).

use super::{TestApp, browser::Browser};

pub const ADA: &str = "ada.lindqvist@example.com";

/// The demo seeded, the pages to visit, and a browser per reader (named for messages).
pub async fn with_every_reader(app: &TestApp, reason: &str) -> (Vec<String>, Vec<(&'static str, Browser)>) {
    use leptos::server_fn::ServerFn;
    use prefcentre_app::admin::act::Action;
    use prefcentre_app::auth::api::SignIn;
    use prefcentre_app::domain::StaffRole;
    use prefcentre_app::store::people;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    prefcentre_app::demo::seed_demo(&app.ctx).await.unwrap();
    let ada = people::Entity::find()
        .filter(people::Column::Email.eq(ADA))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let pages = prefcentre_app::site::routes::all()
        .iter()
        .map(|r| r.path.to_owned())
        .chain([format!("/admin/person?id={}", ada.id)])
        .chain(Action::ALL.iter().map(|a| format!("/admin/person/act?id={}&do={}", ada.id, a.as_str())))
        .collect();

    let mut person = app.visitor();
    person.get("/sign-in").await;
    let signed_in = person
        .submit(SignIn::PATH, &[("email", ADA), ("password", "demo passphrase for Ada")])
        .await;
    assert!(signed_in.contains("You are signed in."), "{}", signed_in.html);
    let staff = super::staff::signed_in_with_record(app, StaffRole::Admin, ada.id, reason).await;
    (pages, vec![("visitor", app.visitor()), ("person", person), ("staff", staff)])
}
