//! The retention rules, applied by a scheduled job and by `prefcentre purge`:
//! - marketing data of a person who stopped being a potential customer is purged a set time
//!   (`PREFCENTRE_PROSPECT_RETENTION_MONTHS`, 6 by default) after `prospect_until`, unless
//!   they have an active contract or are a customer: the person is pseudonymised as in erasure
//!   (consents withdrawn in the ledger as source "retention"), without a message and without
//!   suppression, since they did not object to anything;
//! - access records after their period (`PREFCENTRE_ACCESS_RECORD_DAYS`);
//! - people who never confirmed their address, after 30 days.
//!
//! Each run that purges anything leaves one audit entry with the counts.

use async_trait::async_trait;
use chrono::{Duration, Months, NaiveDate};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};
use serde::Serialize;
use serde_json::json;

use super::erasure::pseudonymise;
use crate::account::ssr::access;
use crate::consents::{model::Source, ssr::subscribe::delete_unconfirmed};
use crate::people::{Lifecycle, entity as people};
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    db::begin_write,
    jobs::Job,
    request::RequestInfo,
};

/// An unconfirmed address is kept this long, as the confirmation mail says.
pub const UNCONFIRMED_FOR: Duration = Duration::days(30);

#[derive(Debug, Default, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    pub former_prospects: u64,
    pub access_records: u64,
    pub unconfirmed_people: u64,
}

impl std::fmt::Display for PurgeReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} former prospects pseudonymised, {} access records and {} unconfirmed people deleted",
            self.former_prospects, self.access_records, self.unconfirmed_people
        )
    }
}

/// Whether the retention period after `prospect_until` is over on `today`. Counted forward
/// from the date (30 June + 6 months = 30 December), so month ends never shorten it.
fn retention_over(prospect_until: NaiveDate, months: Months, today: NaiveDate) -> bool {
    prospect_until
        .checked_add_months(months)
        .is_some_and(|last_day| last_day < today)
}

pub async fn purge(ctx: &AppContext) -> Result<PurgeReport, DbErr> {
    let now = ctx.clock.now();
    let request = RequestInfo::default();
    let mut report = PurgeReport::default();

    let due = people::Entity::find()
        .filter(people::Column::ErasedAt.is_null())
        .filter(people::Column::ActiveContract.eq(false))
        .filter(people::Column::Lifecycle.ne(Lifecycle::Customer.as_str()))
        .filter(people::Column::ProspectUntil.lt(now.date_naive()))
        .all(&ctx.db)
        .await?
        .into_iter()
        .filter(|p| {
            p.prospect_until.is_some_and(|until| {
                retention_over(until, ctx.policy.prospect_retention, now.date_naive())
            })
        });
    // One transaction per person: a failure leaves the others done and this one untouched.
    for person in due {
        let txn = begin_write(&ctx.db).await?;
        pseudonymise(
            ctx,
            &txn,
            person,
            Source::Retention,
            Actor::System,
            Some("retention: no longer a potential customer"),
            &request,
            now,
        )
        .await?;
        txn.commit().await?;
        report.former_prospects += 1;
    }

    let txn = begin_write(&ctx.db).await?;
    report.access_records =
        access::delete_older_than(&txn, now - ctx.policy.access_record_retention).await?;
    report.unconfirmed_people = delete_unconfirmed(&txn, now - UNCONFIRMED_FOR).await?;
    if report != PurgeReport::default() {
        AuditEvent::new(Actor::System, None, "retention.purge")
            .details(json!(report))
            .record(&txn, &request, now)
            .await?;
    }
    txn.commit().await?;
    Ok(report)
}

/// Runs [`purge`] a few times a day.
pub struct RetentionPurge;

#[async_trait]
impl Job for RetentionPurge {
    fn name(&self) -> &'static str {
        "retention-purge"
    }

    fn every(&self) -> chrono::Duration {
        chrono::Duration::hours(6)
    }

    async fn run(&self, ctx: &AppContext) -> anyhow::Result<String> {
        Ok(purge(ctx).await?.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn marketing_data_is_kept_through_the_last_day_of_the_period() {
        let six = Months::new(6);
        assert!(!retention_over(day(2027, 6, 30), six, day(2027, 12, 30)));
        assert!(retention_over(day(2027, 6, 30), six, day(2027, 12, 31)));
        // 31 August + 6 months is the last day of February, not a day in March.
        assert!(!retention_over(day(2027, 8, 31), six, day(2028, 2, 29)));
        assert!(retention_over(day(2027, 8, 31), six, day(2028, 3, 1)));
    }
}
