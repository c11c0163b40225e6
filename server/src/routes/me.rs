//! The session's own member, never anyone else:
//!
//! - `GET /api/v1/me`: who is logged in;
//! - `GET /api/v1/me/sessions`: their signed-in devices (live sessions), most recently
//!   used first, the request's own marked `current`;
//! - `DELETE /api/v1/me/sessions/{id}` (a JSON body, `{}`, like every write): ends one of
//!   them (204; the cookie is cleared when it is the request's own). Another member's session, an ended one or an unknown id
//!   is 404.

use crate::AppState;
use crate::auth::session::device_id;
use crate::auth::{ClientAddr, CurrentSession, cookie};
use crate::clock::now_millis;
use crate::error::{ApiJson, AppError};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use serde_json::json;
use zhibu_model::Me;
use zhibu_model::device::DeviceSession;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/me", get(me))
        .route("/v1/me/sessions", get(sessions))
        .route("/v1/me/sessions/{id}", delete(end_session))
}

async fn me(session: CurrentSession) -> ApiJson<Me> {
    ApiJson(session.member)
}

async fn sessions(
    State(state): State<AppState>,
    session: CurrentSession,
) -> Result<ApiJson<Vec<DeviceSession>>, AppError> {
    let rows = state
        .repo
        .live_sessions_of(session.member.id, now_millis())
        .await?;
    Ok(ApiJson(
        rows.into_iter()
            .map(|r| DeviceSession {
                id: device_id(&r.token_hash),
                current: r.token_hash == session.token_hash,
                created_at: r.created_at,
                last_seen_at: r.last_seen_at,
                user_agent: r.user_agent,
            })
            .collect(),
    ))
}

async fn end_session(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let me = session.member.id;
    let now = now_millis();
    // Only the member's own live sessions are looked at, so another member's id (or a
    // made-up one) is simply not found.
    let target = state
        .repo
        .live_sessions_of(me, now)
        .await?
        .into_iter()
        .find(|r| device_id(&r.token_hash) == id)
        .ok_or_else(AppError::not_found)?;
    if !state
        .repo
        .revoke_member_session(me, &target.token_hash, now)
        .await?
    {
        return Err(AppError::not_found());
    }
    let current = target.token_hash == session.token_hash;
    let detail = json!({"addr": addr.to_string(), "current": current});
    state
        .repo
        .audit(now, Some(me), "session_ended", &detail)
        .await?;
    Ok(if current {
        (
            StatusCode::NO_CONTENT,
            [(header::SET_COOKIE, cookie::clear_session(&state.config))],
        )
            .into_response()
    } else {
        StatusCode::NO_CONTENT.into_response()
    })
}
