//! The built SPA from the dist folder, with the SPA fallback: an app route that is not a
//! file (no extension in its last segment, like `/study`) gets index.html with 200, so deep
//! links open the app. A missing file (`/wasm/<build>/chunk_1.wasm` of a build that is gone)
//! gets 404, never index.html, so the app's loader fails plainly instead of reading HTML.

use axum::Router;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::map_response_with_state;
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_http::services::{ServeDir, ServeFile};

pub fn router(dist: &Path) -> Router {
    let index = dist.join("index.html");
    let app_route = app_route.with_state(Arc::new(ServeFile::new(&index)));
    let files = ServeDir::new(dist).fallback(app_route);
    Router::new()
        .fallback_service(files)
        .layer(map_response_with_state(Arc::new(index), finish))
}

async fn app_route(State(index): State<Arc<ServeFile>>, request: Request) -> Response {
    let last = request.uri().path().rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return StatusCode::NOT_FOUND.into_response();
    }
    match index.as_ref().clone().try_call(request).await {
        Ok(response) => response.into_response(),
        Err(e) => {
            tracing::error!("cannot read index.html: {e}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn finish(State(index): State<Arc<PathBuf>>, mut response: Response) -> Response {
    if response.status() == StatusCode::NOT_FOUND && !index.exists() {
        return not_built(&index);
    }
    // The SPA is built with stable file names (no hashes), so browsers must revalidate
    // every file; unchanged ones cost a 304.
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-cache"));
    response
}

/// A running server without the SPA (e.g. only the API was built) says so plainly.
fn not_built(index: &Path) -> Response {
    let message = format!(
        "zhibu: the web app is not built ({} is missing).\n\
         Build it with `cargo xtask build`, or start everything with `cargo xtask run`.\n\
         The API under /api/v1 works without it.\n",
        index.display()
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}
