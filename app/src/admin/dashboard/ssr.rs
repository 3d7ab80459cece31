//! The dashboard's numbers: consents held per topic now, opt-ins and opt-outs per day for the
//! last [`DAYS`] days (from the ledger, counted in the database), and requests due this week.

use chrono::Duration;
use sea_orm::{
    ColumnTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QuerySelect, sea_query::Expr,
};

use crate::admin::dashboard::Dashboard;
use crate::admin::dashboard::DayCount;
use crate::consents::{
    model::ConsentState,
    ssr::ledger::current_topics,
};
use crate::store::{consent_ledger as ledger, consent_states as state};
use crate::platform::context::AppContext;

/// How many days the opt-in/opt-out chart covers.
pub const DAYS: i64 = 30;

pub async fn load(ctx: &AppContext, staff_id: uuid::Uuid) -> Result<Dashboard, DbErr> {
    let granted: Vec<(String, i64)> = state::Entity::find()
        .select_only()
        .column(state::Column::TopicKey)
        .column_as(state::Column::PersonId.count(), "held")
        .filter(state::Column::State.eq(ConsentState::Granted))
        .group_by(state::Column::TopicKey)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let topics = current_topics(&ctx.db)
        .await?
        .into_iter()
        .map(|t| {
            let held = granted
                .iter()
                .find(|(key, _)| *key == t.key)
                .map_or(0, |(_, n)| *n);
            (t.title, held)
        })
        .collect();

    let today = ctx.clock.now().date_naive();
    let first = today - Duration::days(DAYS - 1);
    let since = first.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    // The day of an entry, in UTC, as YYYY-MM-DD on either back-end.
    let day = match ctx.db.get_database_backend() {
        DbBackend::Postgres => "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
        _ => "substr(occurred_at, 1, 10)",
    };
    let counted: Vec<(String, ConsentState, i64)> = ledger::Entity::find()
        .select_only()
        .column_as(Expr::cust(day), "day")
        .column(ledger::Column::State)
        .column_as(ledger::Column::Seq.count(), "changes")
        .filter(ledger::Column::OccurredAt.gte(since))
        .filter(ledger::Column::State.is_in([ConsentState::Granted, ConsentState::Withdrawn]))
        .group_by(Expr::cust(day))
        .group_by(ledger::Column::State)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let days = (0..DAYS)
        .map(|offset| {
            let date = first + Duration::days(offset);
            let key = date.format("%Y-%m-%d").to_string();
            let count = |wanted: ConsentState| {
                counted
                    .iter()
                    .find(|(d, s, _)| *d == key && *s == wanted)
                    .map_or(0, |(_, _, n)| *n)
            };
            DayCount {
                day: key.clone(),
                opt_in: count(ConsentState::Granted),
                opt_out: count(ConsentState::Withdrawn),
            }
        })
        .collect();
    Ok(Dashboard {
        topics,
        days,
        due: crate::admin::requests::ssr::due_this_week(ctx, staff_id).await?,
    })
}
