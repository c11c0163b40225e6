//! Time as the database stores it: unix milliseconds in an INTEGER, portable everywhere.
//!
//! [`Clock`] is the time the server's rules read (activation codes' expiry, the dates of
//! organisation changes). It is the system clock, except in tests, which make an
//! adjustable one and move it on instead of waiting.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

pub fn now_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

pub fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The system clock, or (tests) the system clock plus an offset the test moves on.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset: Option<Arc<AtomicI64>>,
}

impl Clock {
    pub fn system() -> Self {
        Self::default()
    }

    /// Starts at the system time; [`Clock::advance`] moves it (and its clones) on.
    pub fn adjustable() -> Self {
        Self {
            offset: Some(Arc::new(AtomicI64::new(0))),
        }
    }

    /// Unix milliseconds.
    pub fn now(&self) -> i64 {
        let offset = self
            .offset
            .as_ref()
            .map_or(0, |o| o.load(Ordering::Relaxed));
        now_millis().saturating_add(offset)
    }

    /// Moves an adjustable clock on; the system clock cannot be moved.
    pub fn advance(&self, by: Duration) {
        match &self.offset {
            Some(o) => {
                o.fetch_add(millis(by), Ordering::Relaxed);
            }
            None => panic!("the system clock cannot be moved"),
        }
    }

    /// China's date now (one zone, no daylight saving).
    pub fn today(&self) -> chrono::NaiveDate {
        crate::sync::today_in_china(self.now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_adjustable_clock_moves_on_with_its_clones() {
        let clock = Clock::adjustable();
        let copy = clock.clone();
        let before = clock.now();
        clock.advance(Duration::from_secs(7 * 24 * 3600));
        assert!(copy.now() - before >= 7 * 24 * 3600 * 1000);
    }
}
