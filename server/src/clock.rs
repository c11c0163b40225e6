//! Time as the database stores it: unix milliseconds in an INTEGER, portable everywhere.

use std::time::Duration;

pub fn now_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

pub fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
