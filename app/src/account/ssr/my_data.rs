//! Everything held about a person, gathered for the "My data" page.

use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::events;
use crate::i18n::format::shown;
use crate::auth::ssr::access;
use crate::account::views::{Access, Disclosure, Identity, LifecycleView, MyData, StaffView};
use crate::platform::audit::RECORD_VIEWED;
use crate::domain::contact::{ContactChannel, Country, LANGUAGES, PhoneNumber};
use crate::store::people;
use crate::platform::context::AppContext;

use crate::store::partner_disclosures as disclosure_entity;

/// How many access records the page lists (the export has all of them).
const ACCESS_SHOWN: u64 = 50;

/// Everything held about `person` (the row the caller already holds: it is not read again).
pub async fn load(ctx: &AppContext, person: &people::Model) -> Result<MyData, DbErr> {
    let person_id = person.id;
    let now = ctx.clock.now();
    let registrations = events::view(events::of_person(&ctx.db, person_id).await?, now);
    let access = access::recent(&ctx.db, person_id, ACCESS_SHOWN)
        .await?
        .into_iter()
        .map(|record| Access {
            at: shown(record.occurred_at),
            method: record.method,
            ip: record.ip,
            device: crate::i18n::format::device(record.user_agent.as_deref()),
        })
        .collect();
    let disclosures = disclosure_entity::Entity::find()
        .filter(disclosure_entity::Column::PersonId.eq(person_id))
        .order_by_desc(disclosure_entity::Column::DisclosedAt)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|d| Disclosure {
            partner: d.partner,
            categories: d.categories,
            purpose: d.purpose,
            at: shown(d.disclosed_at),
        })
        .collect();
    let address = match (&person.street, &person.city, &person.country) {
        (Some(street), Some(city), Some(country)) => {
            let city_line = match &person.postal_code {
                Some(code) => format!("{code} {city}"),
                None => city.clone(),
            };
            let country = Country::parse(country)
                .map(|c| c.name(crate::i18n::current_locale()).to_owned())
                .unwrap_or_else(|| country.clone());
            Some(vec![street.clone(), city_line, country])
        }
        _ => None,
    };
    let processing = crate::policy::ssr::processing::applying_to(&ctx.db, person_id)
        .await?
        .into_iter()
        .map(|p| crate::policy::ProcessingView {
            purpose: p.purpose,
            legal_basis: p.legal_basis,
            categories: p.categories,
            recipients: p.recipients,
            transfers: p.transfers,
            retention: p.retention,
        })
        .collect();
    let requests = crate::rights::ssr::view::request_list(&ctx.db, person_id).await?;
    let consents = crate::consents::ssr::view::load(ctx, person).await?.topics;
    Ok(MyData {
        consents,
        identity: Identity {
            name: person.full_name.clone(),
            email: person.email.clone(),
            email_confirmed: person.email_verified_at.is_some(),
            phone: person
                .phone
                .clone()
                .map(|p| PhoneNumber::stored(p).display()),
            address,
            company: person.company.clone(),
            job_title: person.job_title.clone(),
            language: LANGUAGES
                .iter()
                .find(|(code, _)| *code == person.language)
                .map(|(_, name)| (*name).to_owned())
                .unwrap_or_else(|| person.language.clone()),
            contact_channel: ContactChannel::parse(&person.contact_channel)
                .unwrap_or(ContactChannel::Email),
        },
        registrations,
        access,
        access_retention_days: ctx.policy.access_record_retention.num_days(),
        disclosures,
        lifecycle: LifecycleView {
            stage: person.lifecycle,
            prospect_until: person
                .prospect_until
                .map(|d| d.format("%Y-%m-%d").to_string()),
            active_contract: person.active_contract,
        },
        processing,
        requests,
        restricted_since: person.restricted_at.map(shown),
        staff_views: views_of(&ctx.db, person_id).await?,
    })
}

/// The views of the person's record by staff, newest first: when, which role, why.
pub async fn views_of(
    db: &impl sea_orm::ConnectionTrait,
    person_id: Uuid,
) -> Result<Vec<StaffView>, DbErr> {
    Ok(crate::store::audit_log::Entity::find()
        .filter(crate::store::audit_log::Column::PersonId.eq(person_id))
        .filter(crate::store::audit_log::Column::Action.eq(RECORD_VIEWED))
        .order_by_desc(crate::store::audit_log::Column::OccurredAt)
        .all(db)
        .await?
        .into_iter()
        .map(|a| StaffView {
            at: shown(a.occurred_at),
            role: a
                .details
                .as_deref()
                .and_then(|d| serde_json::from_str::<serde_json::Value>(d).ok())
                .and_then(|d| d["role"].as_str().map(str::to_owned))
                .unwrap_or_default(),
            reason: a.reason.unwrap_or_default(),
        })
        .collect())
}
