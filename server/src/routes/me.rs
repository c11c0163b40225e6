//! `GET /api/v1/me`: the session's own member, never anyone else.

use crate::AppState;
use crate::auth::CurrentSession;
use crate::error::ApiJson;
use axum::Router;
use axum::routing::get;
use zhibu_model::Me;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/me", get(me))
}

async fn me(session: CurrentSession) -> ApiJson<Me> {
    ApiJson(session.member)
}
