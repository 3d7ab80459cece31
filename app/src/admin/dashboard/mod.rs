//! The dashboard: consent counts per topic, changes per day, requests due this week.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use serde::{Deserialize, Serialize};
use crate::admin::requests::QueueLine;

/// One day of the opt-in/opt-out chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    /// YYYY-MM-DD (UTC).
    pub day: String,
    pub opt_in: i64,
    pub opt_out: i64,
}

/// The dashboard: consents held per topic, changes per day, requests due this week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// (topic title, people who granted it).
    pub topics: Vec<(String, i64)>,
    pub days: Vec<DayCount>,
    pub due: Vec<QueueLine>,
}
