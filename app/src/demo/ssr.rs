use chrono::Duration;
use sea_orm::{ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::auth::ssr::{accounts::credentials, passwords};
use crate::people::entity as people;
use crate::platform::{context::AppContext, db::begin_write};
use crate::staff::{StaffRole, entity as staff};

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

/// Creates the demo people unless they exist already (so it is safe to run twice).
pub async fn seed_demo(ctx: &AppContext) -> Result<DemoReport, DbErr> {
    let now = ctx.clock.now();
    let password_hash = passwords::hash(DEMO_PASSWORD)
        .await
        .map_err(|err| DbErr::Custom(err.to_string()))?;
    let txn = begin_write(&ctx.db).await?;
    let mut report = DemoReport::default();

    for (email, name, verified_days_ago, password, what) in [
        (
            DEMO_ACCOUNT_HOLDER,
            Some("Ada Lindqvist"),
            400,
            Some(DEMO_PASSWORD),
            "account holder",
        ),
        (DEMO_RECIPIENT, None, 120, None, "newsletter-only recipient"),
    ] {
        let exists = people::Entity::find()
            .filter(people::Column::Email.eq(email))
            .one(&txn)
            .await?
            .is_some();
        if exists {
            report
                .lines
                .push(format!("{what}: {email} (already present)"));
            continue;
        }
        let since = now - Duration::days(verified_days_ago);
        let id = Uuid::now_v7();
        people::Entity::insert(people::ActiveModel {
            id: Set(id),
            email: Set(email.to_owned()),
            email_verified_at: Set(Some(since)),
            full_name: Set(name.map(str::to_owned)),
            created_at: Set(since),
            updated_at: Set(since),
            version: Set(1),
        })
        .exec(&txn)
        .await?;
        match password {
            Some(password) => {
                credentials::Entity::insert(credentials::ActiveModel {
                    person_id: Set(id),
                    password_hash: Set(password_hash.clone()),
                    created_at: Set(since),
                    changed_at: Set(since),
                })
                .exec(&txn)
                .await?;
                report.lines.push(format!(
                    "{what}: {email}, password \"{password}\" (created)"
                ));
            }
            None => report.lines.push(format!(
                "{what}: {email}, signs in with an e-mailed link (created)"
            )),
        }
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
            role: Set(StaffRole::Support.as_str().to_owned()),
            created_at: Set(now),
            disabled_at: Set(None),
        })
        .exec(&txn)
        .await?;
        report
            .lines
            .push(format!("staff (support): {DEMO_STAFF} (created)"));
    }

    txn.commit().await?;
    Ok(report)
}
