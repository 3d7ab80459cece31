//! Privacy policy versions. Version 1 is seeded by the migrations; later ones are published
//! with `prefcentre policy publish` or from the admin view's management page. Versions are never
//! edited: a correction is a new version. A material change is published at once; a job then
//! queues a notice to every account holder through the outbox, a batch per transaction, spread
//! out at `PREFCENTRE_POLICY_MAIL_PER_MINUTE`; and their pages show a notice until they
//! acknowledge it.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use serde_json::json;
use uuid::Uuid;

use crate::store::credentials;
use crate::store::policy_versions as entity;
use crate::outbox::{
    kinds::MailKind,
    queue::{Mail, queue_at},
};
use crate::store::people;
use crate::platform::{
    audit::{Actor, AuditEvent},
    context::AppContext,
    db::begin_write,
    jobs,
    request::RequestInfo,
};
use crate::page::PolicyNotice;
use crate::policy::{PolicyView, VersionSummary, blocks};
use crate::domain::organisation::Organisation;

const SAMPLE: &str = include_str!("../sample-policy.txt");

/// The longest summary: it goes in a mail subject's neighbourhood and a notice banner.
pub const SUMMARY_MAX: usize = 500;
/// The longest policy text: far more than any real policy, small enough for one page.
pub const BODY_MAX: usize = 200_000;

/// A version's text with the organisation's facts filled in. A version published without a
/// text (version 1, seeded) shows the sample policy.
pub fn text(org: &Organisation, body: &str) -> String {
    let body = if body.trim().is_empty() { SAMPLE } else { body };
    body.replace("{organisation}", &org.name)
        .replace("{address}", &org.postal_address)
        .replace("{privacy_email}", &org.privacy_email)
        .replace("{authority}", &org.supervisory_authority)
        .replace("{authority_url}", &org.supervisory_authority_url)
}

fn summary(model: &entity::Model) -> VersionSummary {
    VersionSummary {
        version: model.version,
        effective_on: model.effective_at.date_naive(),
        material: model.material,
        summary: model.summary.clone(),
    }
}

/// The policy page: `requested` version, or the one in force.
pub async fn view(ctx: &AppContext, requested: Option<i32>) -> Result<Option<PolicyView>, DbErr> {
    let now = ctx.clock.now();
    let all = entity::Entity::find()
        .order_by_desc(entity::Column::Version)
        .all(&ctx.db)
        .await?;
    let Some(in_force) = all.iter().find(|v| v.effective_at <= now).or(all.last()) else {
        return Ok(None);
    };
    let shown = match requested {
        Some(version) => match all.iter().find(|v| v.version == version) {
            Some(found) => found,
            None => return Ok(None),
        },
        None => in_force,
    };
    Ok(Some(PolicyView {
        shown: summary(shown),
        in_force: in_force.version,
        blocks: blocks(&text(&ctx.public.organisation, &shown.body)),
        versions: all.iter().map(summary).collect(),
    }))
}

pub struct NewVersion {
    pub effective_at: DateTime<Utc>,
    pub material: bool,
    pub summary: String,
    pub body: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("the summary must not be empty, nor longer than {SUMMARY_MAX} characters")]
    Summary,
    #[error("the policy text must not be empty, nor longer than {BODY_MAX} characters")]
    Body,
    #[error("the effective date must not be before version {0}'s")]
    Backdated(i32),
    #[error("a material change must take effect in the future, so that people hear of it first")]
    NotInAdvance,
    #[error(transparent)]
    Database(#[from] DbErr),
}

#[derive(Debug, PartialEq, Eq)]
pub struct Published {
    pub version: i32,
    /// Account holders who will be told (material changes only); the notices are queued
    /// afterwards, in batches, by [`PolicyAnnouncements`].
    pub audience: u64,
}

/// Publishes from the command line.
pub async fn publish(ctx: &AppContext, new: NewVersion) -> Result<Published, PublishError> {
    publish_by(ctx, new, Actor::System).await
}

/// Publishes, audited as `by` (an admin in the admin view). The transaction writes the version
/// and its audit row only, however many people there are to tell: loading them all and
/// writing every notice here held SQLite's write lock for the whole run, and the admin's
/// request timed out with nothing published.
pub async fn publish_by(
    ctx: &AppContext,
    new: NewVersion,
    by: Actor,
) -> Result<Published, PublishError> {
    let summary_text = new.summary.trim();
    if summary_text.is_empty() || summary_text.chars().count() > SUMMARY_MAX {
        return Err(PublishError::Summary);
    }
    if new.body.trim().is_empty() || new.body.chars().count() > BODY_MAX {
        return Err(PublishError::Body);
    }
    let now = ctx.clock.now();
    if new.material && new.effective_at <= now {
        return Err(PublishError::NotInAdvance);
    }
    let txn = begin_write(&ctx.db).await?;
    let latest = entity::Entity::find()
        .order_by_desc(entity::Column::Version)
        .one(&txn)
        .await?;
    if let Some(latest) = &latest
        && new.effective_at < latest.effective_at
    {
        return Err(PublishError::Backdated(latest.version));
    }
    let version = latest.map_or(1, |l| l.version + 1);
    entity::ActiveModel {
        version: Set(version),
        effective_at: Set(new.effective_at),
        material: Set(new.material),
        summary: Set(summary_text.to_owned()),
        body: Set(new.body),
        announce_next_at: Set(new.material.then_some(now)),
        announce_after: Set(None),
        notices_queued: Set(0),
    }
    .insert(&txn)
    .await?;
    AuditEvent::new(by, None, "policy.published")
        .details(json!({ "version": version, "material": new.material, "effective_at": new.effective_at }))
        .record(&txn, &RequestInfo::default(), now)
        .await?;
    let audience = if new.material {
        to_be_told().count(&txn).await?
    } else {
        0
    };
    txn.commit().await?;
    if new.material {
        jobs::run_soon(&ctx.db, ANNOUNCEMENTS_JOB, now).await?;
    }
    Ok(Published { version, audience })
}

/// Account holders (people with a password) whose confirmed address we may mail. Restricted
/// people are told nothing (they asked for that); bounced and erased addresses get nothing.
fn to_be_told() -> sea_orm::Select<people::Entity> {
    let holders = credentials::Entity::find()
        .select_only()
        .column(credentials::Column::PersonId)
        .as_query()
        .to_owned();
    people::Entity::find()
        .filter(people::Column::Id.in_subquery(holders))
        .filter(people::Column::EmailVerifiedAt.is_not_null())
        .filter(people::Column::ErasedAt.is_null())
        .filter(people::Column::RestrictedAt.is_null())
        .filter(people::Column::BouncedAt.is_null())
}

/// Notices queued per transaction: a short write lock each, whatever the number of people.
pub const ANNOUNCE_BATCH: u64 = 500;

/// Queues the notices still owed for every material version, a batch per transaction;
/// returns how many it queued. Safe to run on several instances at once: each batch locks its
/// version's row and continues from the progress recorded there, and a notice's idempotency
/// key makes a repeat a no-op.
pub async fn announce_pending(ctx: &AppContext) -> Result<u64, DbErr> {
    let mut queued = 0;
    loop {
        let pending = entity::Entity::find()
            .filter(entity::Column::AnnounceNextAt.is_not_null())
            .order_by_asc(entity::Column::Version)
            .one(&ctx.db)
            .await?;
        let Some(version) = pending else {
            return Ok(queued);
        };
        queued += announce_batch(ctx, version.version).await?;
        ctx.wake_outbox();
    }
}

/// One batch of notices for `version`, paced at `PREFCENTRE_POLICY_MAIL_PER_MINUTE` from where
/// the last batch left off.
async fn announce_batch(ctx: &AppContext, version: i32) -> Result<u64, DbErr> {
    let txn = begin_write(&ctx.db).await?;
    let Some(model) = entity::Entity::find_by_id(version)
        .lock_exclusive()
        .one(&txn)
        .await?
    else {
        return Ok(0);
    };
    // Another instance may have finished it meanwhile.
    let Some(next_at) = model.announce_next_at else {
        return Ok(0);
    };
    let now = ctx.clock.now();
    let mut query = to_be_told()
        .order_by_asc(people::Column::Id)
        .limit(ANNOUNCE_BATCH);
    if let Some(after) = model.announce_after {
        query = query.filter(people::Column::Id.gt(after));
    }
    let batch = query.all(&txn).await?;
    let per_minute = i64::from(ctx.policy.policy_mail_per_minute.max(1));
    let interval = Duration::milliseconds(60_000 / per_minute);
    let mut send_at = next_at.max(now);
    let mut queued = 0u64;
    let last = batch.last().map(|p| p.id);
    let finished = (batch.len() as u64) < ANNOUNCE_BATCH;
    for person in batch {
        let mail = Mail {
            kind: MailKind::PolicyChanged,
            person_id: person.id,
            to: person.email,
            payload: json!({
                "name": person.full_name,
                "version": model.version,
                "effective_on": model.effective_at,
                "summary": model.summary,
            }),
            idempotency_key: format!("policy_changed:{}:{}", model.version, person.id),
        };
        if queue_at(&txn, mail, &ctx.public, now, send_at).await? {
            queued += 1;
            send_at += interval;
        }
    }
    let notices_queued = model.notices_queued + i32::try_from(queued).unwrap_or(i32::MAX);
    let mut active = model.into_active_model();
    active.announce_next_at = Set((!finished).then_some(send_at));
    if let Some(last) = last {
        active.announce_after = Set(Some(last));
    }
    active.notices_queued = Set(notices_queued);
    active.update(&txn).await?;
    txn.commit().await?;
    Ok(queued)
}

/// The job that queues the notices of material changes.
pub const ANNOUNCEMENTS_JOB: &str = "policy-announcements";

pub struct PolicyAnnouncements;

#[async_trait::async_trait]
impl jobs::Job for PolicyAnnouncements {
    fn name(&self) -> &'static str {
        ANNOUNCEMENTS_JOB
    }

    fn every(&self) -> Duration {
        Duration::minutes(1)
    }

    async fn run(&self, ctx: &AppContext) -> anyhow::Result<String> {
        let queued = announce_pending(ctx).await?;
        Ok(format!("{queued} policy notices queued"))
    }
}

/// The notice the person should see: the latest material version they have not acknowledged,
/// if they were with us before it took (or takes) effect.
pub async fn notice_for(
    db: &impl sea_orm::ConnectionTrait,
    person: &people::Model,
) -> Result<Option<PolicyNotice>, DbErr> {
    let latest_material = entity::Entity::find()
        .filter(entity::Column::Material.eq(true))
        .order_by_desc(entity::Column::Version)
        .one(db)
        .await?;
    Ok(latest_material
        .filter(|v| {
            person
                .policy_acknowledged
                .is_none_or(|seen| seen < v.version)
        })
        .filter(|v| person.created_at < v.effective_at)
        .map(|v| PolicyNotice {
            version: v.version,
            effective_on: crate::i18n::format::day(v.effective_at.date_naive()),
            summary: v.summary,
        }))
}

/// The person has read the notice of `version`.
pub async fn acknowledge(
    ctx: &AppContext,
    request: &RequestInfo,
    person_id: Uuid,
    version: i32,
) -> Result<bool, DbErr> {
    let now = ctx.clock.now();
    let txn = begin_write(&ctx.db).await?;
    let exists = entity::Entity::find_by_id(version)
        .one(&txn)
        .await?
        .is_some();
    let Some(person) = people::Entity::find_by_id(person_id).one(&txn).await? else {
        return Ok(false);
    };
    if !exists
        || person
            .policy_acknowledged
            .is_some_and(|seen| seen >= version)
    {
        return Ok(false);
    }
    let mut active = person.into_active_model();
    active.policy_acknowledged = Set(Some(version));
    active.update(&txn).await?;
    AuditEvent::new(
        Actor::Person(person_id),
        Some(person_id),
        "policy.acknowledged",
    )
    .details(json!({ "version": version }))
    .record(&txn, request, now)
    .await?;
    txn.commit().await?;
    Ok(true)
}
