//! The dashboard, with its charts drawn as SVG on the server: readable without JavaScript,
//! labelled for screen readers, and each backed by a table of the same numbers.

use crate::paths;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::admin::requests::pages::QueueTable;
use crate::admin::dashboard::Dashboard;
use crate::admin::dashboard::DayCount;
use crate::i18n::{current_locale, tr};

const WIDTH: f64 = 640.0;
const LABEL: f64 = 220.0;
const BAR: f64 = 22.0;
const GAP: f64 = 8.0;

/// `value` of `max` as a length in `room`, never negative; an empty chart draws nothing.
pub fn scaled(value: i64, max: i64, room: f64) -> f64 {
    if max <= 0 || value <= 0 {
        0.0
    } else {
        (value as f64 / max as f64 * room).min(room)
    }
}

#[component]
pub fn AdminDashboardPage() -> impl IntoView {
    let locale = current_locale();
    let Some(dashboard) = crate::page::page::<crate::admin::dashboard::Dashboard>() else {
        return ().into_any();
    };
    let Dashboard { topics, days, due } = dashboard;
    view! {
        <Title text={tr!(locale, admin.dashboard_title)}/>
        <h1>{tr!(locale, admin.dashboard_title)}</h1>
        <p><a href=paths::ADMIN_HOME>{tr!(locale, admin.back_to_search)}</a></p>
        <section aria-labelledby="topics-chart-title">
            <h2 id="topics-chart-title">{tr!(locale, admin.chart_topics)}</h2>
            <TopicBars topics=topics/>
        </section>
        <section aria-labelledby="days-chart-title">
            <h2 id="days-chart-title">{tr!(locale, admin.chart_days)}</h2>
            <DayBars days=days/>
        </section>
        <section aria-labelledby="due-title">
            <h2 id="due-title">{tr!(locale, admin.due_this_week)}</h2>
            {if due.is_empty() {
                view! { <p class="empty">{tr!(locale, admin.due_none)}</p> }.into_any()
            } else {
                view! { <QueueTable lines=due may_work=true/> }.into_any()
            }}
        </section>
    }
    .into_any()
}

/// People holding each topic, as horizontal bars.
#[component]
fn TopicBars(topics: Vec<(String, i64)>) -> impl IntoView {
    let locale = current_locale();
    let max = topics.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let height = topics.len() as f64 * (BAR + GAP);
    let room = WIDTH - LABEL - 60.0;
    let summary = topics
        .iter()
        .map(|(title, n)| format!("{title}: {n}"))
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=summary width="100%">
                {topics.iter().enumerate().map(|(i, (title, n))| {
                    let y = i as f64 * (BAR + GAP);
                    let length = scaled(*n, max, room);
                    view! {
                        <g>
                            <text x="0" y=y + BAR * 0.72 class="chart-label">{title.clone()}</text>
                            <rect x=LABEL y=y width=length height=BAR class="chart-bar"/>
                            <text x=LABEL + length + 6.0 y=y + BAR * 0.72 class="chart-value">{n.to_string()}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <details>
                <summary>{tr!(locale, admin.chart_as_table)}</summary>
                <table>
                    <thead><tr><th scope="col">{tr!(locale, admin.column_topic)}</th><th scope="col">{tr!(locale, admin.column_people)}</th></tr></thead>
                    <tbody>
                        {topics.into_iter().map(|(title, n)| view! { <tr><td>{title}</td><td>{n}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

/// Opt-ins above the axis and opt-outs below it, one column per day.
#[component]
fn DayBars(days: Vec<DayCount>) -> impl IntoView {
    let locale = current_locale();
    let max = days
        .iter()
        .flat_map(|d| [d.opt_in, d.opt_out])
        .max()
        .unwrap_or(0);
    let half = 90.0;
    let axis = half + 10.0;
    let column = WIDTH / days.len().max(1) as f64;
    let total_in: i64 = days.iter().map(|d| d.opt_in).sum();
    let total_out: i64 = days.iter().map(|d| d.opt_out).sum();
    let first = days.first().map(|d| d.day.clone()).unwrap_or_default();
    let last = days.last().map(|d| d.day.clone()).unwrap_or_default();
    let summary = tr!(locale, admin.chart_days_summary, opt_ins = total_in, opt_outs = total_out, from = &first, to = &last);
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {}", axis * 2.0 + 10.0) role="img" aria-label=summary.clone() width="100%">
                <line x1="0" x2=WIDTH y1=axis y2=axis class="chart-axis"/>
                {days.iter().enumerate().map(|(i, d)| {
                    let x = i as f64 * column + 1.0;
                    let up = scaled(d.opt_in, max, half);
                    let down = scaled(d.opt_out, max, half);
                    view! {
                        <g>
                            <title>{format!("{}: +{} / −{}", d.day, d.opt_in, d.opt_out)}</title>
                            <rect x=x y=axis - up width=column - 2.0 height=up class="chart-bar"/>
                            <rect x=x y=axis width=column - 2.0 height=down class="chart-bar-out"/>
                        </g>
                    }
                }).collect_view()}
                <text x="0" y=axis * 2.0 + 8.0 class="chart-label">{first}</text>
                <text x=WIDTH y=axis * 2.0 + 8.0 text-anchor="end" class="chart-label">{last}</text>
            </svg>
            <figcaption>{summary} " " {tr!(locale, admin.chart_legend)}</figcaption>
            <details>
                <summary>{tr!(locale, admin.chart_as_table)}</summary>
                <table>
                    <thead><tr><th scope="col">{tr!(locale, admin.column_day)}</th><th scope="col">{tr!(locale, admin.column_opt_in)}</th><th scope="col">{tr!(locale, admin.column_opt_out)}</th></tr></thead>
                    <tbody>
                        {days.into_iter().map(|d| view! { <tr><td>{d.day}</td><td>{d.opt_in}</td><td>{d.opt_out}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::scaled;

    #[test]
    fn bars_scale_to_the_largest_value_and_never_overflow() {
        assert_eq!(scaled(0, 0, 100.0), 0.0);
        assert_eq!(scaled(5, 10, 100.0), 50.0);
        assert_eq!(scaled(10, 10, 100.0), 100.0);
        assert_eq!(scaled(-3, 10, 100.0), 0.0);
    }
}
