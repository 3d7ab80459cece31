//! The sender revokes a person's profile links (say the person wrote to it that a newsletter
//! was forwarded). Answered alike for addresses we do not hold: the API reveals nothing.

use sea_orm::DbErr;
use uuid::Uuid;

use crate::domain::EmailAddress;
use crate::newsletter::ssr::profile::revoke_links;
use crate::store::people;
use crate::platform::{audit::Actor, context::AppContext, db::begin_write, request::RequestInfo};

pub async fn revoke(
    ctx: &AppContext,
    request: &RequestInfo,
    api_key: Uuid,
    email: &EmailAddress,
) -> Result<(), DbErr> {
    let txn = begin_write(&ctx.db).await?;
    if let Some(person) = people::live_by_email(&txn, email).await? {
        let reason = format!("sender API key {api_key}");
        revoke_links(
            &txn,
            person.id,
            Actor::System,
            Some(&reason),
            request,
            ctx.clock.now(),
        )
        .await?;
    }
    txn.commit().await
}
