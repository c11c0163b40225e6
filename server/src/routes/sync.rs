//! `/api/v1/sync`: the outbox's push and the local store's pull.

use crate::AppState;
use crate::auth::CurrentSession;
use crate::clock::now_millis;
use crate::error::{ApiJson, AppError};
use crate::routes::RequestLang;
use crate::sync;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::value::RawValue;
use zhibu_model::sync::{PULL_PAGE, PullResponse, Revision};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/sync/push", post(push))
        .route("/v1/sync/pull", get(pull))
}

/// The operations stay raw JSON here so that one malformed operation is refused on its
/// own instead of failing the whole batch.
#[derive(Deserialize)]
struct RawPush {
    ops: Vec<Box<RawValue>>,
}

/// Answers `PushResponse` JSON, assembled by `sync::push` from the stored answers.
async fn push(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLang(lang): RequestLang,
    ApiJson(body): ApiJson<RawPush>,
) -> Result<Response, AppError> {
    let json = sync::push(
        &state.repo,
        &state.pushes,
        &session.member,
        lang,
        &body.ops,
        now_millis(),
    )
    .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

#[derive(Deserialize)]
struct PullQuery {
    #[serde(default)]
    since: Revision,
    limit: Option<usize>,
}

async fn pull(
    State(state): State<AppState>,
    session: CurrentSession,
    Query(q): Query<PullQuery>,
) -> Result<ApiJson<PullResponse>, AppError> {
    let response = sync::pull(
        &state.repo,
        &session.member,
        session.scope_version,
        q.since,
        q.limit.unwrap_or(PULL_PAGE),
    )
    .await?;
    Ok(ApiJson(response))
}
