//! The extractor for the logged-in member. Everything a handler shows is scoped by it, so
//! a request can only ever act as the session's own member.

use crate::AppState;
use crate::auth::session::session_expiry;
use crate::auth::{cookie, token};
use crate::clock::now_millis;
use crate::error::AppError;
use crate::middleware::refusals::WhoAsked;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use zhibu_model::Me;

/// A session is touched (last use and expiry moved on) at most this often, so reading
/// does not cost a database write per request.
const TOUCH_EVERY_MILLIS: i64 = 60_000;

#[derive(Clone, Debug)]
pub struct CurrentSession {
    pub member: Me,
    pub token_hash: String,
    /// What the member may see, as a version (read with `member`, so a pull that
    /// returns it returns rows scoped by this very branch and role).
    pub scope_version: i64,
}

impl FromRequestParts<AppState> for CurrentSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = cookie::session_token(&state.config, &parts.headers)
            .ok_or_else(AppError::unauthenticated)?;
        let hash = token::token_hash(&token);
        let now = now_millis();
        let session = state
            .repo
            .live_session(&hash, now)
            .await?
            .ok_or_else(AppError::unauthenticated)?;
        if now - session.last_seen_at >= TOUCH_EVERY_MILLIS {
            let expires_at = session_expiry(state, session.created_at, now);
            if let Err(e) = state.repo.touch_session(&hash, now, expires_at).await {
                // The session is valid; failing to extend it must not fail the request.
                tracing::warn!(error = %e, "could not extend a session");
            }
        }
        if let Some(who) = parts.extensions.get::<WhoAsked>() {
            who.set(session.member.id);
        }
        Ok(CurrentSession {
            member: session.member,
            token_hash: hash,
            scope_version: session.scope_version,
        })
    }
}
