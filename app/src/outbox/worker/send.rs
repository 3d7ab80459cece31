//! Delivering one claimed row: withheld if the rule now says no, sent, and settled (sent,
//! retrying with back-off, or dead), each under the claim that fenced it.

use super::*;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
    sea_query::Expr,
};
use uuid::Uuid;

use crate::outbox::kinds::MailKind;
use crate::store::outbox::{self as entity, Column, Status};
use crate::platform::{db::begin_write, tokens};
use crate::store::people;

impl OutboxWorker {
    pub(super) async fn deliver(&self, row: entity::Model) -> Result<Outcome, DbErr> {
        let (person, token) = self.person_and_token(&row).await?;
        if let Some(reason) = withheld(&row, person.as_ref()) {
            let now = self.ctx.clock.now();
            self.finish(&row, now, Status::Withheld, None, Some(reason.to_owned()))
                .await?;
            self.forget_erased_address(&row).await?;
            tracing::info!(outbox_id = %row.id, kind = %row.kind, reason, "outbox: withheld");
            return Ok(Outcome::Withheld);
        }
        let to = recipient(&row, person.as_ref());
        let outcome = self.send(&row, to, token).await?;
        if outcome != Outcome::Retrying {
            self.forget_erased_address(&row).await?;
        }
        Ok(outcome)
    }

    /// The person as they are now and, for a kind that carries a link, the link's token,
    /// minted under the person's lock: an erasure (or restriction) either came first, and the
    /// mail is withheld with no token, or it waits for this and deletes the token with the rest.
    async fn person_and_token(
        &self,
        row: &entity::Model,
    ) -> Result<(Option<people::Model>, Option<String>), DbErr> {
        let Some(person_id) = row.person_id else {
            return Ok((None, None));
        };
        let Some((purpose, _)) = MailKind::parse(&row.kind).and_then(link_for) else {
            return Ok((people::Entity::find_by_id(person_id).one(&self.ctx.db).await?, None));
        };
        let txn = begin_write(&self.ctx.db).await?;
        let person = people::Entity::find_by_id(person_id)
            .lock_exclusive()
            .one(&txn)
            .await?;
        if person.is_none() || withheld(row, person.as_ref()).is_some() {
            txn.rollback().await?;
            return Ok((person, None));
        }
        // An e-mail change's link carries the addresses it is about.
        let payload = row
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
            .and_then(|vars| vars.get("change").map(|change| change.to_string()));
        let token = tokens::mint(&txn, person_id, purpose, payload, self.ctx.clock.now()).await?;
        txn.commit().await?;
        Ok((person, Some(token)))
    }

    /// The erasure's last message carries the only copy of the address left; once it is
    /// settled (sent, dead or withheld) the address goes too.
    async fn forget_erased_address(&self, row: &entity::Model) -> Result<(), DbErr> {
        if row.kind != MailKind::ErasureDone.as_str() {
            return Ok(());
        }
        entity::Entity::update_many()
            .col_expr(Column::ToAddress, Expr::value(Option::<String>::None))
            .filter(Column::Id.eq(row.id))
            .exec(&self.ctx.db)
            .await?;
        Ok(())
    }

    async fn send(
        &self,
        row: &entity::Model,
        to: Option<String>,
        token: Option<String>,
    ) -> Result<Outcome, DbErr> {
        let row = row.clone();
        let result = match self.compose(&row, to.as_deref(), token).await? {
            Ok((subject, message)) => match self.mailer.send(message).await {
                Ok(()) => Ok(subject),
                Err(err) => Err(err),
            },
            Err(err) => Err(err),
        };
        let now = self.ctx.clock.now();
        match result {
            Ok(subject) => {
                self.finish(&row, now, Status::Sent, Some(subject), None).await?;
                tracing::info!(outbox_id = %row.id, kind = %row.kind, attempt = row.attempts, "outbox: sent");
                Ok(Outcome::Sent)
            }
            Err(err) => {
                let error = redact(&err.message, to.as_deref());
                if err.permanent || row.attempts >= MAX_ATTEMPTS {
                    self.finish(&row, now, Status::Dead, None, Some(error.clone()))
                        .await?;
                    tracing::error!(outbox_id = %row.id, kind = %row.kind, attempts = row.attempts, %error, "outbox: message is dead");
                    Ok(Outcome::Dead)
                } else {
                    let next = now + backoff(row.attempts);
                    entity::Entity::update_many()
                        .col_expr(Column::Status, Expr::value(Status::Failed))
                        .col_expr(Column::NextAttemptAt, Expr::value(next))
                        .col_expr(
                            Column::LockedUntil,
                            Expr::value(Option::<DateTime<Utc>>::None),
                        )
                        .col_expr(Column::LastError, Expr::value(error.clone()))
                        .col_expr(Column::Claim, Expr::value(Option::<Uuid>::None))
                        .filter(Column::Id.eq(row.id))
                        .filter(held_by(row.claim))
                        .exec(&self.ctx.db)
                        .await?;
                    tracing::warn!(outbox_id = %row.id, kind = %row.kind, attempt = row.attempts, retry_at = %next, %error, "outbox: send failed, will retry");
                    Ok(Outcome::Retrying)
                }
            }
        }
    }

    /// Marks a row finished. The body was never stored. The variables go too once they can
    /// no longer be needed (sent or withheld), since they may hold personal data; a dead
    /// message keeps them, so that staff can send it again once the cause is fixed (they
    /// hold no link: links are minted at send time).
    /// Only the claim that holds the row settles it: a worker whose claim ran out and was
    /// taken over leaves the row to its new holder.
    async fn finish(
        &self,
        row: &entity::Model,
        now: DateTime<Utc>,
        status: Status,
        subject: Option<String>,
        error: Option<String>,
    ) -> Result<(), DbErr> {
        let mut update = entity::Entity::update_many()
            .col_expr(Column::Status, Expr::value(status))
            .col_expr(
                Column::LockedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(Column::LastError, Expr::value(error));
        if status != Status::Dead {
            update = update.col_expr(Column::Payload, Expr::value(Option::<String>::None));
        }
        if status == Status::Sent {
            update = update.col_expr(Column::SentAt, Expr::value(now));
        }
        if let Some(subject) = subject {
            update = update.col_expr(Column::Subject, Expr::value(subject));
        }
        update
            .col_expr(Column::Claim, Expr::value(Option::<Uuid>::None))
            .filter(Column::Id.eq(row.id))
            .filter(held_by(row.claim))
            .exec(&self.ctx.db)
            .await?;
        Ok(())
    }
}
