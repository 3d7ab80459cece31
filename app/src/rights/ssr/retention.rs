//! The retention rules, applied by a scheduled job and by `prefcentre purge`:
//! - marketing data of a person who stopped being a potential customer is purged a set time
//!   (`PREFCENTRE_PROSPECT_RETENTION_MONTHS`, 6 by default) after the later of `prospect_until`
//!   and their last consent change, once they receive nothing (the policy keeps data "while
//!   you receive our marketing material and up to six months after"), unless they have an
//!   active contract, are a customer, or are restricted (restriction preserves data). The
//!   person is pseudonymised as in erasure, without a message and without suppression, since
//!   they did not object to anything;
//! - access records after their period (`PREFCENTRE_ACCESS_RECORD_DAYS`), and with them the
//!   copies of the same facts elsewhere: the IP address and browser on audit events, and the
//!   recipient address and variables of finished messages in the outbox (sent, withheld, or
//!   dead and never sent again), which keep their kind, subject, status and times;
//! - people who never confirmed their address, after 30 days.
//!
//! Each run that purges anything leaves one audit entry with the counts.

use async_trait::async_trait;
use chrono::{Duration, Months, NaiveDate};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};
use serde::Serialize;
use serde_json::json;

use super::erasure::pseudonymise;
use crate::auth::ssr::access;
use crate::consents::{
    model::Source,
    ssr::subscribe::delete_unconfirmed,
};
use crate::store::consent_states as state;
use crate::domain::Lifecycle;
use crate::store::people;
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
    /// Audit events whose IP address and browser were removed.
    pub audit_addresses: u64,
    /// Finished messages whose recipient address and variables were removed.
    pub outbox_addresses: u64,
    pub unconfirmed_people: u64,
    /// Former prospects whose purge failed (logged; tried again next run).
    pub failed: u64,
}

impl std::fmt::Display for PurgeReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} former prospects pseudonymised, {} access records and {} unconfirmed people deleted, addresses removed from {} audit events and {} finished messages, {} failed",
            self.former_prospects,
            self.access_records,
            self.unconfirmed_people,
            self.audit_addresses,
            self.outbox_addresses,
            self.failed
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
    let today = now.date_naive();
    let request = RequestInfo::default();
    let mut report = PurgeReport::default();

    // Restricted people are left alone: restriction exists to keep the data as it is.
    let candidates = people::Entity::find()
        .filter(people::Column::ErasedAt.is_null())
        .filter(people::Column::RestrictedAt.is_null())
        .filter(people::Column::ActiveContract.eq(false))
        .filter(people::Column::Lifecycle.ne(Lifecycle::Customer))
        .filter(people::Column::ProspectUntil.lt(today))
        .all(&ctx.db)
        .await?;
    for person in candidates {
        let Some(until) = person.prospect_until else {
            continue;
        };
        // Kept while they still receive marketing material, and six months after the later
        // of the end of their prospect period and their last withdrawal.
        let states = state::Entity::find()
            .filter(state::Column::PersonId.eq(person.id))
            .all(&ctx.db)
            .await?;
        if states
            .iter()
            .any(|s| s.state.is_on())
        {
            continue;
        }
        let last_change = states.iter().map(|s| s.updated_at.date_naive()).max();
        let from = last_change.map_or(until, |changed| changed.max(until));
        if !retention_over(from, ctx.policy.prospect_retention, today) {
            continue;
        }
        // One transaction per person: one that fails is logged, the others go on.
        match pseudonymise_one(ctx, person, &request, now).await {
            Ok(()) => report.former_prospects += 1,
            Err(err) => {
                report.failed += 1;
                tracing::error!(error = %err, "retention: a former prospect could not be purged");
            }
        }
    }

    let txn = begin_write(&ctx.db).await?;
    let cutoff = now - ctx.policy.access_record_retention;
    report.access_records = access::delete_older_than(&txn, cutoff).await?;
    report.audit_addresses = forget_audit_addresses(&txn, cutoff).await?;
    report.outbox_addresses = forget_outbox_addresses(&txn, cutoff).await?;
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

/// Removes the IP address and browser of audit events older than `before`.
async fn forget_audit_addresses(
    txn: &sea_orm::DatabaseTransaction,
    before: chrono::DateTime<chrono::Utc>,
) -> Result<u64, DbErr> {
    use crate::store::audit_log as audit;
    use sea_orm::sea_query::Expr;
    let none = Option::<String>::None;
    Ok(audit::Entity::update_many()
        .col_expr(audit::Column::Ip, Expr::value(none.clone()))
        .col_expr(audit::Column::UserAgent, Expr::value(none))
        .filter(audit::Column::OccurredAt.lt(before))
        .filter(
            sea_orm::Condition::any()
                .add(audit::Column::Ip.is_not_null())
                .add(audit::Column::UserAgent.is_not_null()),
        )
        .exec(txn)
        .await?
        .rows_affected)
}

/// Removes the recipient address and variables of messages that finished before `before`.
async fn forget_outbox_addresses(
    txn: &sea_orm::DatabaseTransaction,
    before: chrono::DateTime<chrono::Utc>,
) -> Result<u64, DbErr> {
    use crate::store::outbox::{self as outbox, Status};
    use sea_orm::sea_query::Expr;
    let none = Option::<String>::None;
    Ok(outbox::Entity::update_many()
        .col_expr(outbox::Column::ToAddress, Expr::value(none.clone()))
        .col_expr(outbox::Column::Payload, Expr::value(none))
        .filter(outbox::Column::Status.is_in([Status::Sent, Status::Withheld, Status::Dead]))
        .filter(outbox::Column::CreatedAt.lt(before))
        .filter(outbox::Column::ToAddress.is_not_null())
        .exec(txn)
        .await?
        .rows_affected)
}

async fn pseudonymise_one(
    ctx: &AppContext,
    person: people::Model,
    request: &RequestInfo,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    let txn = begin_write(&ctx.db).await?;
    pseudonymise(
        ctx,
        &txn,
        person,
        Source::Retention,
        Actor::System,
        Some("retention: no longer a potential customer"),
        request,
        now,
    )
    .await?;
    txn.commit().await
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
