//! Delivering the outbox: claim due rows, render them (minting their links now), send, and
//! mark each sent, failed (with exponential back-off) or dead.
//!
//! Claiming is one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING …`: on
//! PostgreSQL several instances take disjoint batches without waiting on each other; on SQLite
//! the statement is atomic under the single writer. A claim holds a row for a few minutes and
//! is extended while its batch is being sent; a worker that dies mid-send leaves it to be
//! claimed again when that runs out. Each claim carries its own id (a fencing token): only it
//! settles its rows. A message cut off mid-send may be sent twice (at least once, never
//! lost); the repeat carries the same Message-ID, so mail systems can tell.

use std::sync::Arc;
use std::time::Duration;

use futures::{StreamExt, stream};
use lettre::message::Mailbox;
use sea_orm::{
    ColumnTrait, DbBackend, DbErr, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait, LockBehavior, LockType, Order, Query},
};
use uuid::Uuid;

use super::{
    kinds::MailKind,
    transport::Mailer,
};
use crate::platform::tokens::Purpose;
use crate::store::outbox::{self as entity, Column, Status};
use crate::store::people;
use crate::platform::context::AppContext;

mod compose;
mod send;

/// Attempts before a message is declared dead: with the back-off below, about two days.
pub const MAX_ATTEMPTS: i32 = 12;
/// How long a claim holds its rows unless extended.
const CLAIM_FOR: chrono::Duration = chrono::Duration::minutes(5);
const BATCH: u64 = 32;
/// Messages in flight at once. Sending is waiting on the SMTP server (each message costs
/// round trips, and lettre's small writes meet the server's delayed acknowledgements), so a
/// few concurrent sends multiply throughput.
const IN_FLIGHT: usize = 8;

/// Seconds to wait before attempt `n + 1` after `n` failures: 30 s doubling, at most 8 h.
pub fn backoff(failures: i32) -> chrono::Duration {
    let exponent = failures.clamp(1, 16) as u32 - 1;
    chrono::Duration::seconds(Ord::min(30i64 << exponent, 8 * 3600))
}

/// Invariant 4, checked at the last moment: a person restricted, erased or bounced after the
/// row was queued gets only what they may still get.
fn withheld(row: &entity::Model, person: Option<&people::Model>) -> Option<&'static str> {
    let (Some(person), Some(kind)) = (person, MailKind::parse(&row.kind)) else {
        return None;
    };
    if person.erased_at.is_some() && kind != MailKind::ErasureDone {
        Some("withheld: the person was erased")
    } else if person.restricted_at.is_some() && !kind.sent_while_restricted() {
        Some("withheld: processing is restricted")
    } else if person.bounced_at.is_some()
        && recipient(row, Some(person)).as_deref() == Some(person.email.as_str())
        && !kind.sent_after_bounce()
    {
        // A new address the person is proving (an e-mail change) is not the one that bounced:
        // its confirmation goes out.
        Some("withheld: the address bounced or complained")
    } else {
        None
    }
}

/// Where a message goes: the person's address as it is *now*, read at send time, so a retry
/// never mints a link for an address the person has left. Only the two halves of an e-mail
/// change are addressed on purpose to another address (the new one, and the old one).
fn recipient(row: &entity::Model, person: Option<&people::Model>) -> Option<String> {
    let addressed_on_purpose = matches!(
        MailKind::parse(&row.kind),
        Some(MailKind::EmailChangeConfirm | MailKind::EmailChangeNotice)
    );
    match person {
        // The erasure's last message goes to the address it was queued for: the person row
        // no longer has one.
        Some(person) if !addressed_on_purpose && person.erased_at.is_none() => {
            Some(person.email.clone())
        }
        _ => row.to_address.clone(),
    }
}

/// The rows a claim holds (a row that was never claimed is held by no one else either).
fn held_by(claim: Option<Uuid>) -> sea_orm::Condition {
    let column = match claim {
        Some(claim) => Column::Claim.eq(claim),
        None => Column::Claim.is_null(),
    };
    sea_orm::Condition::all().add(column)
}

/// Which link a kind carries, and the page it opens.
fn link_for(kind: MailKind) -> Option<(Purpose, &'static str)> {
    match kind {
        MailKind::VerifyEmail => Some((Purpose::VerifyEmail, "verify-email")),
        MailKind::SignInLink => Some((Purpose::SignIn, "sign-in/link")),
        MailKind::PasswordReset | MailKind::AccountSetup => {
            Some((Purpose::PasswordReset, "reset-password"))
        }
        MailKind::EmailChangeConfirm => Some((Purpose::EmailChange, "account/email/confirm")),
        MailKind::EmailChangeNotice => Some((Purpose::EmailChangeCancel, "account/email/cancel")),
        MailKind::ConsentsChanged => Some((Purpose::ConsentUndo, "consents/undo")),
        MailKind::ConsentConfirm => Some((Purpose::ConsentConfirm, "consents/confirm")),
        MailKind::IdentityCheck => Some((Purpose::IdentityCheck, "identity/confirm")),
        MailKind::AccountExists
        | MailKind::PasswordChanged
        | MailKind::DetailsChanged
        | MailKind::ProfileLink
        | MailKind::RequestReceived
        | MailKind::RequestExtended
        | MailKind::RequestAnswered
        | MailKind::RestrictionStarted
        | MailKind::RestrictionLifted
        | MailKind::ErasureDone
        | MailKind::PolicyChanged => None,
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: usize,
    pub retrying: usize,
    pub dead: usize,
    /// Not sent because the person is restricted or erased (the row says why).
    pub withheld: usize,
}

pub struct OutboxWorker {
    ctx: AppContext,
    mailer: Arc<Mailer>,
    from: Mailbox,
    claim_for: chrono::Duration,
}

impl OutboxWorker {
    pub fn new(ctx: AppContext, mailer: Arc<Mailer>, from: Mailbox) -> Self {
        Self {
            ctx,
            mailer,
            from,
            claim_for: CLAIM_FOR,
        }
    }

    /// Claims of another length (tests, to see the keep-alive within seconds).
    pub fn with_claim(mut self, claim_for: chrono::Duration) -> Self {
        self.claim_for = claim_for;
        self
    }

    /// How often a claim under way is extended: a fifth of it (a minute for the usual five),
    /// so four extensions in a row must fail before another worker may take the rows.
    fn claim_heartbeat(&self) -> Duration {
        (self.claim_for / 5)
            .to_std()
            .unwrap_or(Duration::from_secs(1))
    }

    /// Sends what is due now, one batch at a time, until nothing is due.
    pub async fn deliver_due(&self) -> Result<DeliveryReport, DbErr> {
        self.deliver_until(&std::future::pending()).await
    }

    /// Sends what is due, a batch at a time, until nothing is due or `stop` has resolved: a
    /// batch under way is finished, no new one is claimed.
    async fn deliver_until(
        &self,
        stop: &(impl Future<Output = ()> + Clone),
    ) -> Result<DeliveryReport, DbErr> {
        let mut report = DeliveryReport::default();
        loop {
            if futures::FutureExt::now_or_never(stop.clone()).is_some() {
                return Ok(report);
            }
            let claim = Uuid::now_v7();
            let rows = self.claim(claim).await?;
            if rows.is_empty() {
                return Ok(report);
            }
            let work = async {
                let mut outcomes = stream::iter(rows)
                    .map(|row| self.deliver(row))
                    .buffer_unordered(IN_FLIGHT);
                while let Some(outcome) = outcomes.next().await {
                    match outcome? {
                        Outcome::Sent => report.sent += 1,
                        Outcome::Retrying => report.retrying += 1,
                        Outcome::Dead => report.dead += 1,
                        Outcome::Withheld => report.withheld += 1,
                    }
                }
                Ok::<_, DbErr>(())
            };
            tokio::select! {
                done = work => done?,
                never = self.keep_claim(claim) => match never {},
            }
        }
    }

    /// Extends a claim while its batch is being sent, so a slow SMTP server never lets the
    /// claim run out under a send (and another worker send the same message again).
    async fn keep_claim(&self, claim: Uuid) -> std::convert::Infallible {
        loop {
            tokio::time::sleep(self.claim_heartbeat()).await;
            let until = self.ctx.clock.now() + self.claim_for;
            let extended = entity::Entity::update_many()
                .col_expr(Column::LockedUntil, Expr::value(until))
                .filter(Column::Claim.eq(claim))
                .filter(Column::Status.eq(Status::Sending))
                .exec(&self.ctx.db)
                .await;
            if let Err(err) = extended {
                tracing::warn!(error = %err, "outbox: could not extend a claim");
            }
        }
    }

    /// Runs delivery rounds until `stop` resolves: at once when woken by a new message, else
    /// every few seconds for retries that came due. A round that panics is logged and the
    /// next one runs: one bad message must not stop every other (its claim runs out and it is
    /// tried again, until it is dead). On `stop` the batch under way is finished (a drain:
    /// nothing is cut off mid-send) and the task ends.
    pub fn spawn(
        self,
        stop: impl Future<Output = ()> + Clone + Send + Sync + 'static,
    ) -> tokio::task::JoinHandle<()> {
        use crate::platform::liveness::{Worker, panic_text};
        use futures::FutureExt;
        tokio::spawn(async move {
            loop {
                self.ctx.liveness.beat(Worker::Outbox, self.ctx.clock.now());
                match std::panic::AssertUnwindSafe(self.deliver_until(&stop))
                    .catch_unwind()
                    .await
                {
                    Ok(Ok(_)) => {}
                    Ok(Err(err)) => {
                        let error = err.to_string();
                        crate::platform::db::replace_writer_after(&self.ctx.db, &error);
                        tracing::warn!(%error, "outbox: delivery round failed");
                    }
                    Err(panic) => tracing::error!(
                        panic = %panic_text(panic.as_ref()),
                        "outbox: a delivery round panicked; the worker goes on"
                    ),
                }
                tokio::select! {
                    () = stop.clone() => return,
                    _ = tokio::time::timeout(Duration::from_secs(5), self.ctx.outbox_signal.notified()) => {}
                }
            }
        })
    }

    async fn claim(&self, claim: Uuid) -> Result<Vec<entity::Model>, DbErr> {
        let now = self.ctx.clock.now();
        let mut due = Query::select();
        due.column(Column::Id)
            .from(entity::Entity)
            .and_where(Expr::col(Column::Status).is_in([Status::Pending, Status::Failed, Status::Sending]))
            .and_where(Expr::col(Column::NextAttemptAt).lte(now))
            .and_where(
                Expr::col(Column::LockedUntil)
                    .is_null()
                    .or(Expr::col(Column::LockedUntil).lt(now)),
            )
            .order_by(Column::NextAttemptAt, Order::Asc)
            .limit(BATCH);
        let postgres = self.ctx.db.get_database_backend() == DbBackend::Postgres;
        if postgres {
            due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        let update = entity::Entity::update_many()
            .col_expr(Column::Status, Expr::value(Status::Sending))
            .col_expr(Column::LockedUntil, Expr::value(now + self.claim_for))
            .col_expr(Column::Claim, Expr::value(claim))
            .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
            .filter(Column::Id.in_subquery(due));
        if postgres {
            return update.exec_with_returning(&self.ctx.db).await;
        }
        // SQLite: the claim's own id names its rows, so they are read back by it. Under load,
        // SQLite's `UPDATE … RETURNING` through sqlx sometimes answered rows without the
        // newest column (`locale`), failing the whole round.
        update.exec(&self.ctx.db).await?;
        entity::Entity::find()
            .filter(Column::Claim.eq(claim))
            .filter(Column::Status.eq(Status::Sending))
            .all(&self.ctx.db)
            .await
    }

}


#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Sent,
    Retrying,
    Dead,
    Withheld,
}

/// SMTP errors often quote the recipient; the row keeps the error, never the address twice.
fn redact(error: &str, address: Option<&str>) -> String {
    let error: String = error.chars().take(500).collect();
    match address {
        Some(address) if !address.is_empty() => error.replace(address, "<recipient>"),
        _ => error,
    }
}

/// Rows still waiting, for the health of the outbox (tests and the admin view).
pub async fn pending_count(db: &impl sea_orm::ConnectionTrait) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    entity::Entity::find()
        .filter(Column::Status.is_in([Status::Pending, Status::Failed, Status::Sending]))
        .count(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_from_thirty_seconds_and_levels_off_at_eight_hours() {
        assert_eq!(backoff(1).num_seconds(), 30);
        assert_eq!(backoff(2).num_seconds(), 60);
        assert_eq!(backoff(5).num_seconds(), 480);
        assert_eq!(backoff(11).num_seconds(), 8 * 3600);
    }

    #[test]
    fn a_recipient_address_is_removed_from_stored_errors() {
        assert_eq!(
            redact(
                "550 5.1.1 <ada@example.com>: user unknown",
                Some("ada@example.com")
            ),
            "550 5.1.1 <<recipient>>: user unknown"
        );
    }
}
