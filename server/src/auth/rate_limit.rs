//! Throttling of password and code guesses, counted in the database so that every server
//! instance sees the same counts (ASVS 5.0 6.3.1).
//!
//! An attempt is counted *before* its password is hashed, under a process-wide lock, so
//! concurrent guesses cannot all pass the check before any is counted; a right answer
//! takes its own count back. Past a key's free failures, each attempt must wait a delay
//! that doubles with every further failure (capped at the window), instead of a lockout:
//!
//! - one login from one address (`pair`): slowed after a few failures, so a guesser at
//!   one address is slowed at once, while the member logging in from anywhere else is
//!   not touched by it;
//! - one address, any login: slowed after more, against one address trying many logins;
//! - one login from every address: slowed only after many, against guessing spread over
//!   many addresses. This one can slow the real member too, but never locks them out:
//!   each delay ends and the next attempt is theirs as much as the attacker's.

use crate::AppState;
use crate::clock::millis;
use crate::error::AppError;
use crate::repo::Repo;
use std::net::IpAddr;
use tokio::sync::Mutex;

/// Taken while an attempt is checked against its limits and counted, so concurrent
/// attempts count one by one. One per process: instances behind a balancer can still
/// race each other, by at most one attempt per instance.
static ATTEMPTS: Mutex<()> = Mutex::const_new(());

/// Which limit slowed an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Pair,
    Address,
    Account,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Pair => "account_from_address",
            Scope::Address => "address",
            Scope::Account => "account",
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

/// The first delay once a key's free failures are used up; each further failure doubles
/// it, up to the window.
pub const FIRST_DELAY_MS: i64 = 5_000;

/// When the next attempt under a key may be made, given its `failures` within the window
/// (the newest at `newest`): free until `free` failures, then `FIRST_DELAY_MS` after the
/// newest, doubling with each failure beyond, never more than `window`.
pub fn next_attempt_at(failures: u32, newest: i64, free: u32, window: i64) -> Option<i64> {
    let beyond = failures.checked_sub(free)?;
    let delay = FIRST_DELAY_MS
        .checked_shl(beyond.min(40))
        .unwrap_or(window)
        .min(window);
    Some(newest + delay)
}

/// The counting keys of one login attempt (or activation, or password change).
pub struct LoginKeys {
    pub pair: String,
    pub address: String,
    pub account: String,
}

impl LoginKeys {
    /// `login` is a parsed (normalised) login name, so `Wang` and `wang` count together.
    pub fn new(login: &str, addr: IpAddr) -> Self {
        Self {
            pair: format!("login:{login}@{addr}"),
            address: format!("addr:{addr}"),
            account: format!("login:{login}"),
        }
    }

    fn limits<'a>(&'a self, state: &AppState) -> [(Scope, &'a str, u32); 3] {
        let c = &state.config;
        [
            (Scope::Pair, &self.pair, c.login_max_failures_per_account),
            (
                Scope::Address,
                &self.address,
                c.login_max_failures_per_address,
            ),
            (
                Scope::Account,
                &self.account,
                c.login_max_failures_per_account_everywhere,
            ),
        ]
    }
}

/// A counted attempt: its failure rows are in the database until it turns out right.
#[must_use = "a right answer must take its count back with `succeeded`"]
pub struct Attempt {
    keys: Vec<String>,
    at: i64,
}

impl Attempt {
    /// The attempt was wrong: it stays counted.
    pub fn failed(self) {}

    /// Takes back this attempt's count, and forgets the login's failures from this
    /// address (the member there knows the password).
    pub async fn succeeded(self, state: &AppState, pair: Option<&str>) -> Result<(), AppError> {
        self.succeeded_in(&state.repo).await?;
        if let Some(pair) = pair {
            state.repo.clear_failures(pair).await?;
        }
        Ok(())
    }

    /// Takes back this attempt's count.
    pub async fn succeeded_in(self, repo: &Repo) -> Result<(), AppError> {
        let keys: Vec<&str> = self.keys.iter().map(String::as_str).collect();
        repo.forget_failure(&keys, self.at).await?;
        Ok(())
    }
}

/// How a key's attempts are held back once its free failures are used up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// Waits that grow with each failure ([`next_attempt_at`]).
    Growing,
    /// Nothing more until a window after the last failure.
    Hard,
}

/// Failures are kept at least this long, whatever the windows, so one key's pruning
/// never removes another's still-counting failures.
const KEEP_MS: i64 = 24 * 60 * 60 * 1000;

/// Counts an attempt under `limits` (scope, key, free failures) before it is checked, or
/// refuses it if one of them says to wait: the longest wait then.
pub async fn begin(
    repo: &Repo,
    limits: &[(Scope, &str, u32)],
    policy: Policy,
    window: i64,
    now: i64,
) -> Result<Result<Attempt, Lockout>, AppError> {
    let _turn = ATTEMPTS.lock().await;
    let mut worst: Option<Lockout> = None;
    for &(scope, key, free) in limits {
        let (failures, newest) = repo.failures_since(key, now - window).await?;
        let next = |n| match policy {
            Policy::Growing => next_attempt_at(failures, n, free, window),
            Policy::Hard => (failures >= free).then_some(n + window),
        };
        if let Some(until) = newest.and_then(next)
            && until > now
            && worst.is_none_or(|w| until > w.until)
        {
            worst = Some(Lockout { scope, until });
        }
    }
    if let Some(lock) = worst {
        return Ok(Err(lock));
    }
    let keys: Vec<&str> = limits.iter().map(|(_, key, _)| *key).collect();
    repo.record_failure(&keys, now, now - window.max(KEEP_MS))
        .await?;
    Ok(Ok(Attempt {
        keys: keys.into_iter().map(str::to_owned).collect(),
        at: now,
    }))
}

/// [`begin`] for the keys of a login, activation or password change.
pub async fn begin_login(
    state: &AppState,
    keys: &LoginKeys,
    now: i64,
) -> Result<Result<Attempt, Lockout>, AppError> {
    let window = millis(state.config.login_window());
    begin(
        &state.repo,
        &keys.limits(state),
        Policy::Growing,
        window,
        now,
    )
    .await
}

/// Whether, after a failure, the next attempt under the keys has to wait (for the audit
/// log): the scope that says so.
pub async fn slowed_after(
    state: &AppState,
    keys: &LoginKeys,
    now: i64,
) -> Result<Option<Scope>, AppError> {
    let window = millis(state.config.login_window());
    for (scope, key, free) in keys.limits(state) {
        let (failures, newest) = state.repo.failures_since(key, now - window).await?;
        if newest
            .and_then(|n| next_attempt_at(failures, n, free, window))
            .is_some()
        {
            return Ok(Some(scope));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_the_free_failures_and_double_up_to_the_window() {
        let window = 900_000;
        assert_eq!(next_attempt_at(4, 0, 5, window), None);
        let delays: Vec<i64> = (5..=14)
            .map(|n| next_attempt_at(n, 0, 5, window).unwrap())
            .collect();
        assert_eq!(
            delays,
            [
                5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 900_000, 900_000
            ]
        );
        assert_eq!(next_attempt_at(u32::MAX, 7, 5, window), Some(900_007));
    }
}
