//! Limits on failed logins, per account and per client address, counted in the database
//! so that every server instance enforces the same limit.
//!
//! While a key is over its limit every attempt is refused, the right password included,
//! so guessing cannot continue; refused attempts are not counted, so a lock always ends
//! one window after the failure that caused it.

use crate::AppState;
use crate::clock::millis;
use crate::error::AppError;
use std::net::IpAddr;

/// Which limit a lock came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Account,
    Address,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Account => "account",
            Scope::Address => "address",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lockout {
    pub scope: Scope,
    /// When the attempt may be retried (unix ms).
    pub until: i64,
}

impl Lockout {
    pub fn into_error(self, now: i64) -> AppError {
        let ms = (self.until - now).max(0);
        AppError::RateLimited {
            retry_after_secs: u64::try_from((ms + 999) / 1000).unwrap_or(1).max(1),
        }
    }
}

/// The counting keys of one login attempt.
pub struct LoginKeys {
    pub account: String,
    pub address: String,
}

impl LoginKeys {
    /// `login` is a parsed (normalised) login name, so `Wang` and `wang` count together.
    pub fn new(login: &str, addr: IpAddr) -> Self {
        Self {
            account: format!("login:{login}"),
            address: format!("addr:{addr}"),
        }
    }
}

/// The lock, if any, that refuses an attempt now; the longer one when both apply.
pub async fn lockout(
    state: &AppState,
    keys: &LoginKeys,
    now: i64,
) -> Result<Option<Lockout>, AppError> {
    let config = &state.config;
    let window = millis(config.login_window());
    let limits = [
        (
            Scope::Account,
            &keys.account,
            config.login_max_failures_per_account,
        ),
        (
            Scope::Address,
            &keys.address,
            config.login_max_failures_per_address,
        ),
    ];
    let mut worst: Option<Lockout> = None;
    for (scope, key, max) in limits {
        if let Some(at) = state
            .repo
            .nth_newest_failure(key, now - window, max)
            .await?
        {
            let lock = Lockout {
                scope,
                until: at + window,
            };
            if worst.is_none_or(|w| lock.until > w.until) {
                worst = Some(lock);
            }
        }
    }
    Ok(worst)
}

/// Counts a failed attempt under both keys and forgets failures older than the window.
pub async fn record_failure(state: &AppState, keys: &LoginKeys, now: i64) -> Result<(), AppError> {
    let window = millis(state.config.login_window());
    state
        .repo
        .record_failure(&[&keys.account, &keys.address], now, now - window)
        .await?;
    Ok(())
}
