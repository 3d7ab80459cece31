//! Whether the background workers of this instance are alive: each loop records when it last
//! went round, and `/readyz` reports an instance whose outbox worker or job runner stopped
//! going round as not ready. A panic inside a round is caught where the round runs (see
//! `outbox::worker` and `platform::jobs`), so a worker only stops going round if it hangs.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};

/// A worker that has not gone round for this long is taken for dead.
pub const STALE_AFTER: Duration = Duration::minutes(2);

#[derive(Debug, Default)]
pub struct Liveness {
    outbox: AtomicI64,
    jobs: AtomicI64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Worker {
    Outbox,
    Jobs,
}

impl Worker {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Outbox => "outbox",
            Self::Jobs => "jobs",
        }
    }
}

impl Liveness {
    fn slot(&self, worker: Worker) -> &AtomicI64 {
        match worker {
            Worker::Outbox => &self.outbox,
            Worker::Jobs => &self.jobs,
        }
    }

    /// The worker went round at `now`.
    pub fn beat(&self, worker: Worker, now: DateTime<Utc>) {
        self.slot(worker).store(now.timestamp(), Ordering::Relaxed);
    }

    /// Whether the worker went round recently enough (never counts as not alive).
    pub fn alive(&self, worker: Worker, now: DateTime<Utc>) -> bool {
        let last = self.slot(worker).load(Ordering::Relaxed);
        last != 0 && now.timestamp() - last <= STALE_AFTER.num_seconds()
    }
}

/// The text of a caught panic, for the log.
pub fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_is_alive_while_it_goes_round() {
        let liveness = Liveness::default();
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        assert!(!liveness.alive(Worker::Outbox, now), "never went round");
        liveness.beat(Worker::Outbox, now);
        assert!(liveness.alive(Worker::Outbox, now + Duration::seconds(60)));
        assert!(!liveness.alive(Worker::Outbox, now + STALE_AFTER + Duration::seconds(1)));
        assert!(!liveness.alive(Worker::Jobs, now), "each worker on its own");
    }
}
