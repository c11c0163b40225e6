//! Session lifetimes: sliding idle expiry under an absolute cap, so a phone in regular
//! use is never sent back to the login page, while a stolen cookie still dies.

use crate::AppState;
use crate::auth::token;
use crate::clock::millis;
use crate::repo::NewSession;
use axum::http::{HeaderMap, header};
use zhibu_model::MemberId;
use zhibu_model::device::user_agent_summary;

/// Idle expiry from `now`, capped at the absolute lifetime from login.
pub fn session_expiry(state: &AppState, created_at: i64, now: i64) -> i64 {
    let idle = now.saturating_add(millis(state.config.session_idle()));
    let cap = created_at.saturating_add(millis(state.config.session_max()));
    idle.min(cap)
}

/// A new session for `member`, logging in with the browser that sent `headers`: the
/// token for the cookie, and the row to store.
pub fn open(
    state: &AppState,
    member: MemberId,
    now: i64,
    headers: &HeaderMap,
) -> (String, NewSession) {
    let token = token::random_token();
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(user_agent_summary)
        .unwrap_or_default();
    let row = NewSession {
        token_hash: token::token_hash(&token),
        member_id: member,
        created_at: now,
        expires_at: session_expiry(state, now, now),
        user_agent,
    };
    (token, row)
}

/// The id a member's device list shows for a session: derived from its token's hash, so
/// nothing more is stored, but not the hash itself (which is the session's key).
pub fn device_id(token_hash: &str) -> String {
    token::token_hash(&format!("device:{token_hash}"))[..32].to_owned()
}
