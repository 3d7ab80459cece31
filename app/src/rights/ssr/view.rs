//! What the "Your rights" page shows.

use chrono::{DateTime, Utc};
use sea_orm::{DbErr, EntityTrait};
use uuid::Uuid;

use super::requests;
use crate::i18n::format::shown;
use crate::auth::ssr::reauth::FRESH_SIGN_IN;
use crate::store::credentials;
use crate::store::people;
use crate::platform::context::AppContext;
use crate::rights::{RequestView, RightsView};
use crate::store::rights_requests::Status;
use crate::i18n::tr;

/// The page's data for `person` (the row the caller already holds: it is not read again).
pub async fn load(
    ctx: &AppContext,
    person: &people::Model,
    signed_in_at: Option<DateTime<Utc>>,
) -> Result<RightsView, DbErr> {
    let person_id = person.id;
    let now = ctx.clock.now();
    let has_password = credentials::Entity::find_by_id(person_id)
        .one(&ctx.db)
        .await?
        .is_some();
    Ok(RightsView {
        restricted_since: person.restricted_at.map(shown),
        has_password,
        recently_signed_in: signed_in_at.is_some_and(|at| now - at <= FRESH_SIGN_IN),
        requests: request_list(&ctx.db, person_id).await?,
    })
}

/// The person's requests as the pages list them, newest first.
pub async fn request_list(
    db: &impl sea_orm::ConnectionTrait,
    person_id: Uuid,
) -> Result<Vec<RequestView>, DbErr> {
    let locale = crate::i18n::current_locale();
    Ok(requests::of_person(db, person_id)
        .await?
        .into_iter()
        .map(|r| RequestView {
            kind: r.kind.label(locale).to_owned(),
            received: shown(r.received_at),
            due: r.due_at.format("%Y-%m-%d").to_string(),
            status: match r.status {
                Status::Completed => tr!(locale, common.request_completed),
                Status::Rejected => tr!(locale, common.request_rejected),
                Status::Open => tr!(locale, common.request_open),
            }
            .to_owned(),
            outcome: r.outcome.map(|o| super::requests::outcome_words(&o, locale)),
        })
        .collect())
}
