//! The CLI's rights, policy and staff commands: the retention purge, policy versions, the
//! record of processing, and creating staff members. Each is what the admin view will offer, runnable today from a shell.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, bail};
use chrono::{NaiveDate, TimeZone, Utc};
use prefcentre_app::admin::sign_in::setup as staff_setup;
use prefcentre_app::domain::EmailAddress;
use prefcentre_app::platform::clock::SystemClock;
use prefcentre_app::policy::ssr::{
    processing::{self, NewActivity},
    versions::{self, NewVersion},
};
use prefcentre_app::rights::ssr::retention;
use prefcentre_app::domain::StaffRole;

use crate::config::Settings;
use crate::startup::Application;

async fn app(settings: Settings) -> anyhow::Result<Application> {
    Ok(Application::build(settings, Arc::new(SystemClock)).await?)
}

pub async fn create_staff(
    settings: Settings,
    email: &str,
    role: &str,
    name: &str,
) -> anyhow::Result<()> {
    let email = EmailAddress::parse(email)
        .map_err(|_| anyhow::anyhow!("not an e-mail address: {email}"))?;
    let role = StaffRole::parse(role)
        .with_context(|| format!("--role must be support, admin or auditor, not {role}"))?;
    let name = if name.trim().is_empty() {
        email.as_str()
    } else {
        name.trim()
    };
    let app = app(settings).await?;
    let link = staff_setup::create(
        &app.ctx,
        &email,
        name,
        role,
        prefcentre_app::platform::audit::Actor::System,
        &prefcentre_app::platform::request::RequestInfo::default(),
    )
    .await?;
    println!(
        "staff member created ({}); their set-up link, valid 72 hours:",
        role.as_str()
    );
    println!("{link}");
    Ok(())
}

pub async fn purge(settings: Settings) -> anyhow::Result<()> {
    let app = app(settings).await?;
    let report = retention::purge(&app.ctx).await?;
    println!("{report}");
    Ok(())
}

pub async fn publish_policy(
    settings: Settings,
    file: &Path,
    effective: &str,
    summary: &str,
    material: bool,
) -> anyhow::Result<()> {
    let day = NaiveDate::parse_from_str(effective, "%Y-%m-%d")
        .with_context(|| format!("--effective must be a date like 2027-01-31, not {effective}"))?;
    let effective_at = Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default());
    let body =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let app = app(settings).await?;
    let published = versions::publish(
        &app.ctx,
        NewVersion {
            effective_at,
            material,
            summary: summary.to_owned(),
            body,
        },
    )
    .await?;
    println!(
        "published version {} (in effect from {effective}); {} account holders will be told",
        published.version, published.audience
    );
    if material {
        // Queued here rather than left to a server's next job run: the command may be run
        // with no server up. A server running meanwhile does its share; nothing is doubled.
        let queued = versions::announce_pending(&app.ctx).await?;
        println!("{queued} notices queued; the outbox sends them, paced");
    }
    Ok(())
}

pub async fn list_policies(settings: Settings) -> anyhow::Result<()> {
    let app = app(settings).await?;
    let Some(view) = versions::view(&app.ctx, None).await? else {
        bail!("no policy versions");
    };
    for v in view.versions {
        println!(
            "{}\t{}\t{}\t{}",
            v.version,
            v.effective_on,
            if v.material { "material" } else { "minor" },
            v.summary
        );
    }
    Ok(())
}

pub async fn add_activity(settings: Settings, activity: NewActivity) -> anyhow::Result<()> {
    let app = app(settings).await?;
    let added = processing::add(&app.ctx.db, activity, app.ctx.clock.now()).await?;
    println!("added processing activity {}", added.id);
    Ok(())
}

pub async fn export_record(settings: Settings, format: &str) -> anyhow::Result<()> {
    let app = app(settings).await?;
    let all = processing::all(&app.ctx.db).await?;
    match format {
        "json" => println!("{}", serde_json::to_string_pretty(&all)?),
        "csv" => print!("{}", processing::to_csv(&all)?),
        other => bail!("--format must be json or csv, not {other}"),
    }
    Ok(())
}
