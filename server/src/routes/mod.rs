//! The HTTP API, one module per area, merged here under `/api`.

pub mod auth;
mod branch_scope;
pub mod events;
pub mod feedback;
pub mod health;
pub mod me;
pub mod openapi;
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
use tower_http::limit::RequestBodyLimitLayer;
use utoipa_axum::router::OpenApiRouter;

/// Every `/api` route, paths relative to `/api`, each with its OpenAPI operation: the
/// router and the document (`openapi::document`) are built from this one table, so
/// neither names a route the other lacks. Each group's body limit is its own layer.
pub fn api_router() -> OpenApiRouter<AppState> {
    let forms = OpenApiRouter::new()
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
        .merge(openapi::router())
        .layer(RequestBodyLimitLayer::new(crate::API_BODY_LIMIT));
    // A push batch carries whole records (notes up to 5,000 characters each), so sync
    // gets a larger body limit than the forms.
    let sync = sync::router().layer(RequestBodyLimitLayer::new(
        zhibu_model::sync::MAX_PUSH_BYTES,
    ));
    // A roster file (base64) for the import.
    let import = roster_file::import_router()
        .layer(RequestBodyLimitLayer::new(roster_file::IMPORT_BODY_LIMIT));
    forms.merge(sync).merge(import)
}

/// What `/api` answers for a path (or method) it does not serve.
pub async fn api_not_found() -> AppError {
    AppError::not_found()
}
