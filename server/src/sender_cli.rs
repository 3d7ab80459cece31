//! The CLI's sender commands: links, API keys, import, audience, webhooks.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use prefcentre_app::domain::EmailAddress;
use prefcentre_app::platform::newsletter_links::{
    list_unsubscribe_headers, profile_url, unsubscribe_url,
};
use prefcentre_app::store::people;
use prefcentre_app::platform::{clock::SystemClock, csv_out::CsvOut};
use prefcentre_app::sender::{api_keys, audience, import as importer, webhooks};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::config::Settings;
use crate::startup::Application;

async fn app(settings: Settings) -> anyhow::Result<Application> {
    Ok(Application::build(settings, Arc::new(SystemClock)).await?)
}

pub async fn link(settings: Settings, email: &str, topic: Option<&str>) -> anyhow::Result<()> {
    let app = app(settings).await?;
    let ctx = &app.ctx;
    let email = EmailAddress::parse(email)
        .map_err(|_| anyhow::anyhow!("not an e-mail address: {email}"))?;
    let person = people::Entity::find()
        .filter(people::Column::Email.eq(email.as_str()))
        .one(&ctx.db)
        .await?
        .context("no person with that address")?;
    let now = ctx.clock.now();
    println!("profile link:       {}", profile_url(ctx, person.id, now));
    if let Some(topic) = topic {
        if audience::topic_kind(&ctx.db, topic).await?.is_none() {
            bail!("no such topic: {topic}");
        }
        let (list, post) = list_unsubscribe_headers(ctx, person.id, topic, now);
        println!(
            "unsubscribe URL:    {}",
            unsubscribe_url(ctx, person.id, topic, now)
        );
        println!("List-Unsubscribe: {list}");
        println!("List-Unsubscribe-Post: {post}");
    }
    Ok(())
}

pub async fn create_key(settings: Settings, name: &str, scopes: &[String]) -> anyhow::Result<()> {
    let scopes = scopes
        .iter()
        .map(|s| {
            api_keys::Scope::parse(s)
                .with_context(|| format!("unknown scope {s:?}: use read:audience or write:events"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let app = app(settings).await?;
    let key = api_keys::create(&app.ctx.db, name, &scopes, app.ctx.clock.now()).await?;
    println!("{key}");
    eprintln!("Keep it safe: only its hash is stored, so it cannot be shown again.");
    Ok(())
}

pub async fn import(settings: Settings, file: &Path) -> anyhow::Result<()> {
    let csv = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let app = app(settings).await?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows  {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let report = importer::import(&app.ctx, &csv, &|done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })
    .await?;
    bar.finish_and_clear();
    println!(
        "{} rows: {} people created, {} consents recorded, {} skipped, {} errors",
        report.rows,
        report.people_created,
        report.consents_recorded,
        report.skipped.len(),
        report.errors.len()
    );
    for (row, why) in &report.skipped {
        println!("  row {row}: skipped: {why}");
    }
    for (row, what) in &report.errors {
        println!("  row {row}: error: {what}");
    }
    if !report.errors.is_empty() {
        bail!("{} rows could not be imported", report.errors.len());
    }
    Ok(())
}

pub async fn audience(settings: Settings, topic: &str) -> anyhow::Result<()> {
    let app = app(settings).await?;
    let ctx = &app.ctx;
    let service_notices = audience::topic_kind(&ctx.db, topic)
        .await?
        .with_context(|| format!("no such topic: {topic}"))?;
    let stdout = std::io::stdout();
    let mut out = CsvOut::from_writer(stdout.lock());
    out.write_record([
        "email",
        "name",
        "language",
        "profile_url",
        "list_unsubscribe",
        "list_unsubscribe_post",
        "person_id",
    ])?;
    let mut after = None;
    loop {
        let page = audience::page(ctx, topic, service_notices, after, 1000).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.person_id);
        for r in &page {
            out.write_record([
                r.email.as_str(),
                r.name.as_deref().unwrap_or_default(),
                r.language.as_str(),
                r.profile_url.as_str(),
                r.list_unsubscribe.as_str(),
                r.list_unsubscribe_post.as_str(),
                &r.person_id.to_string(),
            ])?;
        }
    }
    out.flush()?;
    Ok(())
}

pub async fn add_webhook(settings: Settings, url: &str) -> anyhow::Result<()> {
    let url = url::Url::parse(url).with_context(|| format!("not a URL: {url}"))?;
    let app = app(settings).await?;
    let (id, secret) = webhooks::create(&app.ctx, &url).await?;
    let mut stdout = std::io::stdout();
    writeln!(stdout, "webhook {id}")?;
    writeln!(stdout, "signing secret: {secret}")?;
    Ok(())
}
