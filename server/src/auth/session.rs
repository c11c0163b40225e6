//! Session lifetimes: sliding idle expiry under an absolute cap, so a phone in regular
//! use is never sent back to the login page, while a stolen cookie still dies.

use crate::AppState;
use crate::auth::token;
use crate::clock::millis;
use crate::repo::NewSession;
use zhibu_model::MemberId;

/// Idle expiry from `now`, capped at the absolute lifetime from login.
pub fn session_expiry(state: &AppState, created_at: i64, now: i64) -> i64 {
    let idle = now.saturating_add(millis(state.config.session_idle()));
    let cap = created_at.saturating_add(millis(state.config.session_max()));
    idle.min(cap)
}

/// A new session for `member`: the token for the cookie, and the row to store.
pub fn open(state: &AppState, member: MemberId, now: i64) -> (String, NewSession) {
    let token = token::random_token();
    let row = NewSession {
        token_hash: token::token_hash(&token),
        member_id: member,
        created_at: now,
        expires_at: session_expiry(state, now, now),
    };
    (token, row)
}
