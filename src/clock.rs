//! Where "now" comes from. Only the edges (the CLI's `main`, the screen's run loop)
//! read the system clock; everything below them is handed a [`Clock`] or a time, so
//! rules, the store and tests see exactly the time they are given.

use chrono::{DateTime, Utc};

/// A source of the current time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// Always this time (tests, reproducible runs).
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => *at,
        }
    }
}
