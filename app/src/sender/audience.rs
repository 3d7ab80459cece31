//! The audience of a topic for the sender: everyone who may be sent it now (the consents'
//! audience rule), each with their profile link and unsubscribe header values. Read in pages
//! ordered by person id, so the server streams a million recipients in constant memory.

use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use serde::Serialize;
use uuid::Uuid;

use crate::consents::ssr::audience::audience_page;
use crate::consents::ssr::ledger::current_topics;
use crate::platform::newsletter_links::{list_unsubscribe_headers, profile_url};
use crate::store::people;
use crate::platform::context::AppContext;

#[derive(Debug, Serialize)]
pub struct Recipient {
    pub person_id: Uuid,
    pub email: String,
    pub name: Option<String>,
    pub language: String,
    pub profile_url: String,
    pub list_unsubscribe: String,
    pub list_unsubscribe_post: String,
}

/// Whether `topic` exists, and if so whether it is the service-notices topic.
pub async fn topic_kind(db: &impl ConnectionTrait, topic: &str) -> Result<Option<bool>, DbErr> {
    Ok(current_topics(db)
        .await?
        .into_iter()
        .find(|t| t.key == topic)
        .map(|t| t.service_notices))
}

/// The next page of the audience after `after`.
pub async fn page(
    ctx: &AppContext,
    topic: &str,
    service_notices: bool,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<Recipient>, DbErr> {
    let ids = audience_page(&ctx.db, topic, service_notices, after, limit).await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let now = ctx.clock.now();
    let mut people: Vec<people::Model> = people::Entity::find()
        .filter(sea_orm::ColumnTrait::is_in(
            &people::Column::Id,
            ids.clone(),
        ))
        .all(&ctx.db)
        .await?;
    people.sort_by_key(|p| p.id);
    Ok(people
        .into_iter()
        .map(|person| {
            let (list_unsubscribe, list_unsubscribe_post) =
                list_unsubscribe_headers(ctx, person.id, topic, now);
            Recipient {
                person_id: person.id,
                profile_url: profile_url(ctx, person.id, now),
                email: person.email,
                name: person.full_name,
                language: person.language,
                list_unsubscribe,
                list_unsubscribe_post,
            }
        })
        .collect())
}

use sea_orm::QueryFilter;
