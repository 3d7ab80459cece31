use chrono::{Duration, NaiveDate};
use sea_orm::{ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::auth::ssr::passwords;
use crate::store::{credentials, event_registrations as registrations, events, people, staff};
use crate::consents::{
    model::{ConsentState, Source},
    ssr::ledger::{Who, set_states},
};
use crate::domain::Lifecycle;
use crate::platform::{audit::Actor, request::RequestInfo};
use crate::platform::{context::AppContext, db::begin_write};
use crate::policy::ssr::processing::{self, NewActivity};
use crate::domain::StaffRole;

/// What `seed-demo` did, line by line, for the operator to read.
#[derive(Debug, Default)]
pub struct DemoReport {
    pub lines: Vec<String>,
}

pub const DEMO_ACCOUNT_HOLDER: &str = "ada.lindqvist@example.com";
pub const DEMO_RECIPIENT: &str = "jonas.berg@example.net";
pub const DEMO_STAFF: &str = "sam.support@example.com";
/// The demo account holder's password: printed by `seed-demo`, for trying the product out.
pub const DEMO_PASSWORD: &str = "demo passphrase for Ada";

/// Creates the demo data unless it exists already (so it is safe to run twice).
pub async fn seed_demo(ctx: &AppContext) -> Result<DemoReport, DbErr> {
    let now = ctx.clock.now();
    let password_hash = passwords::hash(DEMO_PASSWORD)
        .await
        .map_err(|err| DbErr::Custom(err.to_string()))?;
    let txn = begin_write(&ctx.db).await?;
    let mut report = DemoReport::default();

    let exists = |email: &'static str| {
        let txn = &txn;
        async move {
            people::Entity::find()
                .filter(people::Column::Email.eq(email))
                .one(txn)
                .await
                .map(|p| p.is_some())
        }
    };

    if exists(DEMO_ACCOUNT_HOLDER).await? {
        report.lines.push(format!(
            "account holder: {DEMO_ACCOUNT_HOLDER} (already present)"
        ));
    } else {
        let since = now - Duration::days(400);
        let ada = Uuid::now_v7();
        people::Entity::insert(people::ActiveModel {
            id: Set(ada),
            email: Set(DEMO_ACCOUNT_HOLDER.to_owned()),
            email_verified_at: Set(Some(since)),
            full_name: Set(Some("Ada Lindqvist".to_owned())),
            created_at: Set(since),
            updated_at: Set(since),
            version: Set(1),
            phone: Set(Some("+4532123456".to_owned())),
            street: Set(Some("Strandvejen 100".to_owned())),
            postal_code: Set(Some("2900".to_owned())),
            city: Set(Some("Hellerup".to_owned())),
            country: Set(Some("DK".to_owned())),
            company: Set(Some("Nordlys Security ApS".to_owned())),
            job_title: Set(Some("Head of Operations".to_owned())),
            language: Set("en".to_owned()),
            contact_channel: Set("email".to_owned()),
            lifecycle: Set(Lifecycle::Customer),
            prospect_until: Set(None),
            active_contract: Set(true),
            restricted_at: Set(None),
            erased_at: Set(None),
            bounced_at: Set(None),
            links_revoked_before: Set(None),
            policy_acknowledged: Set(None),
        })
        .exec(&txn)
        .await?;
        credentials::Entity::insert(credentials::ActiveModel {
            person_id: Set(ada),
            password_hash: Set(password_hash),
            created_at: Set(since),
            changed_at: Set(since),
        })
        .exec(&txn)
        .await?;
        for (title, place, starts_in_days, meal, needs) in [
            (
                "Milestone Integration Platform Symposium",
                "Copenhagen",
                -180,
                Some("vegetarian"),
                None,
            ),
            (
                "Partner Summit 2027",
                "Brøndby",
                120,
                Some("gluten-free"),
                Some("No nuts, please"),
            ),
        ] {
            let event = Uuid::now_v7();
            events::Entity::insert(events::ActiveModel {
                id: Set(event),
                title: Set(title.to_owned()),
                place: Set(place.to_owned()),
                starts_at: Set(now + Duration::days(starts_in_days)),
            })
            .exec(&txn)
            .await?;
            registrations::Entity::insert(registrations::ActiveModel {
                id: Set(Uuid::now_v7()),
                person_id: Set(ada),
                event_id: Set(event),
                registered_at: Set(now + Duration::days(starts_in_days - 30)),
                meal_preference: Set(meal.map(str::to_owned)),
                dietary_needs: Set(needs.map(str::to_owned)),
                version: Set(1),
            })
            .exec(&txn)
            .await?;
        }
        let granted = ["newsletter", "product_announcements", "surveys"];
        seed_consents(ctx, &txn, ada, &granted).await?;
        report.lines.push(format!(
            "account holder: {DEMO_ACCOUNT_HOLDER}, password \"{DEMO_PASSWORD}\", customer with two event registrations (created)"
        ));
    }

    if exists(DEMO_RECIPIENT).await? {
        report.lines.push(format!(
            "newsletter-only recipient: {DEMO_RECIPIENT} (already present)"
        ));
    } else {
        let since = now - Duration::days(120);
        let jonas = Uuid::now_v7();
        people::Entity::insert(people::ActiveModel {
            id: Set(jonas),
            email: Set(DEMO_RECIPIENT.to_owned()),
            email_verified_at: Set(Some(since)),
            full_name: Set(None),
            created_at: Set(since),
            updated_at: Set(since),
            version: Set(1),
            lifecycle: Set(Lifecycle::Prospect),
            prospect_until: Set(NaiveDate::from_ymd_opt(2027, 6, 30)),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        seed_consents(ctx, &txn, jonas, &["newsletter"]).await?;
        report.lines.push(format!(
            "newsletter-only recipient: {DEMO_RECIPIENT}, signs in with an e-mailed link (created)"
        ));
    }

    let staff_exists = staff::Entity::find()
        .filter(staff::Column::Email.eq(DEMO_STAFF))
        .one(&txn)
        .await?
        .is_some();
    if staff_exists {
        report
            .lines
            .push(format!("staff (support): {DEMO_STAFF} (already present)"));
    } else {
        staff::Entity::insert(staff::ActiveModel {
            id: Set(Uuid::now_v7()),
            email: Set(DEMO_STAFF.to_owned()),
            full_name: Set("Sam Support".to_owned()),
            role: Set(StaffRole::Support),
            created_at: Set(now),
            disabled_at: Set(None),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        report
            .lines
            .push(format!("staff (support): {DEMO_STAFF} (created)"));
    }

    if processing::all(&txn).await?.is_empty() {
        for activity in demo_record() {
            processing::add(&txn, activity, now)
                .await
                .map_err(|err| DbErr::Custom(err.to_string()))?;
        }
        report
            .lines
            .push("record of processing: four activities (created)".to_owned());
    }

    if crate::admin::manage::partners::all(&txn).await?.is_empty() {
        use crate::store::partners;
        for name in DEMO_PARTNERS {
            partners::Entity::insert(partners::ActiveModel {
                id: Set(Uuid::now_v7()),
                name: Set(name.to_owned()),
                created_at: Set(now),
                retired_at: Set(None),
            })
            .exec(&txn)
            .await?;
        }
        report
            .lines
            .push(format!("partners: {} (created)", DEMO_PARTNERS.join(", ")));
    }

    txn.commit().await?;
    Ok(report)
}

/// Resellers and distributors a disclosure can name.
const DEMO_PARTNERS: [&str; 2] = ["Nordic Office Supply AS", "Baltic Distribution OÜ"];

/// The demo's record of processing: what a company like the policy's would keep.
fn demo_record() -> Vec<NewActivity> {
    let activity = |purpose: &str,
                    legal_basis: &str,
                    categories: &str,
                    recipients: &str,
                    transfers: Option<&str>,
                    retention: &str,
                    topic: Option<&str>| NewActivity {
        purpose: purpose.to_owned(),
        legal_basis: legal_basis.to_owned(),
        categories: categories.to_owned(),
        recipients: recipients.to_owned(),
        transfers: transfers.map(str::to_owned),
        retention: retention.to_owned(),
        topic_key: topic.map(str::to_owned),
    };
    vec![
        activity(
            "Running your account and the events you register for",
            "contract",
            "name, e-mail address, phone number, postal address, company, event registrations and meal preferences",
            "Our hosting provider (Hetzner Online GmbH, Germany)",
            None,
            "While you have an account; event data until six months after the event",
            None,
        ),
        activity(
            "Sending the newsletter",
            "consent",
            "name, e-mail address, language",
            "Our e-mail delivery provider (Postmark, ActiveCampaign LLC)",
            Some("United States: standard contractual clauses (EU Commission decision 2021/914)"),
            "Until you withdraw consent; proof of consent for five years after",
            Some("newsletter"),
        ),
        activity(
            "Online surveys",
            "consent",
            "e-mail address, answers",
            "Our survey provider (SurveyMonkey Europe UC, Ireland)",
            None,
            "Answers for 12 months",
            Some("surveys"),
        ),
        activity(
            "Contact from partners (resellers and distributors)",
            "consent",
            "name, e-mail address, phone number, company",
            "The partner named in each disclosure on your My data page",
            None,
            "As long as you keep the consent",
            Some("partner_contact"),
        ),
    ]
}

/// Consents as an import brings them: granted, with the evidence "import" and no mail.
async fn seed_consents(
    ctx: &AppContext,
    txn: &sea_orm::DatabaseTransaction,
    person: Uuid,
    topics: &[&str],
) -> Result<(), DbErr> {
    let request = RequestInfo::default();
    let who = Who {
        source: Source::Import,
        actor: Actor::System,
        reason: Some("demo data"),
        request: &request,
    };
    let targets: Vec<_> = topics
        .iter()
        .map(|t| ((*t).to_owned(), ConsentState::Granted))
        .collect();
    set_states(ctx, txn, person, &targets, &who).await?;
    Ok(())
}
