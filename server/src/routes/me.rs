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
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibu_model::Me;
use zhibu_model::device::DeviceSession;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(sessions))
        .routes(routes!(end_session))
}

#[utoipa::path(
    get,
    path = "/v1/me",
    tag = "me",
    security(("session" = [])),
    responses(
        (status = 200, description = "Who is logged in", body = Me),
    ),
)]
async fn me(session: CurrentSession) -> ApiJson<Me> {
    ApiJson(session.member)
}

#[utoipa::path(
    get,
    path = "/v1/me/sessions",
    tag = "me",
    security(("session" = [])),
    responses(
        (status = 200, description = "The live sessions, most recently used first", body = Vec<DeviceSession>),
    ),
)]
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

#[utoipa::path(
    delete,
    path = "/v1/me/sessions/{id}",
    tag = "me",
    params(("id" = String, Path, description = "A session's id from `GET /api/v1/me/sessions`")),
    request_body(content = Object, content_type = "application/json", description = "`{}`: the body is not read, but every write is JSON"),
    security(("session" = [])),
    responses(
        (status = 204, description = "Ended (the cookie is cleared when it was this request's own)"),
        (status = 404, description = "No such live session of the member that the caller may see (`not_found`)", body = zhibu_model::ApiError),
    ),
)]
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
