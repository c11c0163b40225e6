//! `/api/v1/sync`: the outbox's push and the local store's pull.

use crate::AppState;
use crate::auth::CurrentSession;
use crate::clock::now_millis;
use crate::error::{ApiJson, AppError};
use crate::routes::RequestLang;
use crate::sync;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::value::RawValue;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibu_model::sync::{PULL_PAGE, PullResponse, PushRequest, PushResponse, Revision};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(push))
        .routes(routes!(pull))
}

/// The operations stay raw JSON here so that one malformed operation is refused on its
/// own instead of failing the whole batch.
#[derive(Deserialize)]
struct RawPush {
    ops: Vec<Box<RawValue>>,
}

/// Answers `PushResponse` JSON, assembled by `sync::push` from the stored answers.
#[utoipa::path(
    post,
    path = "/v1/sync/push",
    tag = "sync",
    request_body = PushRequest,
    security(("session" = [])),
    responses(
        (status = 200, description = "One result per operation, in order (a refused one is `rejected` with its error; the others still apply)", body = PushResponse),
        (status = 422, description = "An operation without a readable `op_id` (nothing applied): `field` names it", body = zhibu_model::ApiError),
    ),
)]
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

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct PullQuery {
    /// The cursor of the last pull (0 for everything).
    #[serde(default)]
    since: Revision,
    /// At most this many rows (the default is the page size).
    limit: Option<usize>,
}

#[utoipa::path(
    get,
    path = "/v1/sync/pull",
    tag = "sync",
    params(PullQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "OK", body = PullResponse),
    ),
)]
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
