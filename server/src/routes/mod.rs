//! The HTTP API, one module per area, merged here under `/api`.

pub mod auth;
mod branch_scope;
pub mod events;
pub mod feedback;
pub mod health;
pub mod me;
pub mod org;
pub mod org_members;
pub mod pledges;
mod request_lang;
pub mod roster;
pub mod roster_file;
pub mod study;
pub mod sync;
pub mod talks;

pub use branch_scope::{YearQuery, managed_branch};
pub use request_lang::RequestLang;

use crate::AppState;
use crate::error::AppError;
use axum::Router;

/// Every `/api` route but sync push's (it has its own body limit; see `crate::app`), with
/// paths relative to `/api`.
pub fn api_router() -> Router<AppState> {
    Router::new()
        .merge(auth::router())
        .merge(events::router())
        .merge(me::router())
        .merge(org::router())
        .merge(org_members::router())
        .merge(roster_file::router())
        .merge(feedback::router())
        .merge(roster::router())
        .merge(study::router())
        .merge(talks::router())
        .merge(pledges::router())
        .fallback(api_not_found)
}

async fn api_not_found() -> AppError {
    AppError::not_found()
}
