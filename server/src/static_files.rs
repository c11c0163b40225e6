//! The built SPA from the dist folder, with the SPA fallback: an app route that is not a
//! file (no extension in its last segment, like `/study`) gets index.html with 200, so deep
//! links open the app. A missing file (`/wasm/<build>/split_home.wasm` of a build that is
//! gone) gets 404, never index.html, so the app's loader fails plainly instead of reading
//! HTML.
//!
//! Transfer and caching, decided here because a phone on mobile data pays for every byte
//! and round trip of the first screen:
//! - The release build writes a brotli and a gzip copy beside every file worth it
//!   (`cargo xtask spa-finish`); they are sent to browsers that accept them, so nothing is
//!   compressed per request. Every answer says `Vary: Accept-Encoding`.
//! - Every file but the entry points has its content's hash in its name (or lies under a
//!   build's folder), so it never changes: `public, max-age=31536000, immutable`, and a
//!   phone never asks for it twice. The entry points (index.html, the service worker, the
//!   manifest, robots.txt and any address the SPA answers) are `no-cache`: revalidated
//!   each time, so a new build is seen at once.
//! - A page asked for with a session cookie is a member's: its answer tells the browser
//!   (`Link: …; rel=preload`) to fetch the first screen's code (its chunks joined in one
//!   file, `first-screen.bin`) and the member pages' styles at once, beside the main
//!   module, rather than after the app has started and asked who is logged in. Only the
//!   cookie's presence is looked at: a stale one costs a download, never a wrong answer.

use axum::Router;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_http::services::{ServeDir, ServeFile};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn router(dist: &Path) -> Router {
    let index = dist.join("index.html");
    let hints = Arc::new(Hints {
        index: index.clone(),
        first_screen: first_screen_link(dist),
    });
    let index_file = ServeFile::new(&index)
        .precompressed_br()
        .precompressed_gzip();
    let app_route = app_route.with_state(Arc::new(index_file));
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(app_route);
    Router::new()
        .fallback_service(files)
        .layer(from_fn_with_state(hints, finish))
}

/// What `finish` needs to know of the build.
struct Hints {
    index: PathBuf,
    /// The `Link` header for a member's page, if the build has a first-screen file.
    first_screen: Option<HeaderValue>,
}

/// `</wasm/<build>/first-screen.bin>; rel=preload; as=fetch; crossorigin, </pages.<hash>.css>;
/// rel=preload; as=style`, read from the build once at start.
fn first_screen_link(dist: &Path) -> Option<HeaderValue> {
    let build = std::fs::read_dir(dist.join("wasm"))
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|name| dist.join("wasm").join(name).join(FIRST_SCREEN).is_file())?;
    // The same mode and credentials as the chunk loader's fetch, or the browser would
    // fetch the file twice.
    let mut link = format!("</wasm/{build}/{FIRST_SCREEN}>; rel=preload; as=fetch; crossorigin");
    let styles = std::fs::read_dir(dist)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|name| name.starts_with("pages.") && name.ends_with(".css") && is_immutable(name));
    if let Some(styles) = styles {
        link.push_str(&format!(", </{styles}>; rel=preload; as=style"));
    }
    HeaderValue::from_str(&link).ok()
}

/// The file that holds the first screen's chunks (`cargo xtask spa-wasm`).
const FIRST_SCREEN: &str = "first-screen.bin";

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

async fn finish(State(hints): State<Arc<Hints>>, request: Request, next: Next) -> Response {
    let immutable = is_immutable(request.uri().path());
    let member = crate::auth::cookie::has_session_cookie(request.headers());
    let mut response = next.run(request).await;
    if response.status() == StatusCode::NOT_FOUND && !hints.index.exists() {
        return not_built();
    }
    let page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if member
        && page
        && response.status() == StatusCode::OK
        && let Some(link) = &hints.first_screen
    {
        response.headers_mut().insert(header::LINK, link.clone());
    }
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    let ok = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let cache = if ok && immutable {
        IMMUTABLE
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// Whether a path names a file whose content can never change: a build's chunk folder
/// (`/wasm/<16 hex>/…`, named by the hash of all its modules) or a file whose name ends in
/// its content's hash (`/zhibu.0123456789abcdef.js`, `/icons/icon.0123456789abcdef.svg`).
pub fn is_immutable(path: &str) -> bool {
    let mut segments = path.trim_start_matches('/').split('/');
    if segments.next() == Some("wasm")
        && segments.next().is_some_and(is_hash)
        && segments.next().is_some_and(|s| !s.is_empty())
    {
        return true;
    }
    let name = path.rsplit('/').next().unwrap_or_default();
    let mut parts = name.rsplit('.');
    let (Some(ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !ext.is_empty() && !stem.is_empty() && is_hash(hash)
}

fn is_hash(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A running server without the SPA (e.g. only the API was built) says so plainly,
/// without naming where the server keeps its files.
fn not_built() -> Response {
    let message = "zhibu: the web app is not built.\n\
         Build it with `cargo xtask build`, or start everything with `cargo xtask run`.\n\
         The API under /api/v1 works without it.\n";
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::is_immutable;

    #[test]
    fn only_hashed_names_and_build_folders_are_immutable() {
        let cases = [
            ("/zhibu.0123456789abcdef.js", true),
            ("/zhibu_bg.0123456789abcdef.wasm", true),
            ("/icons/icon-192.00000000ffffffff.png", true),
            ("/wasm/0123456789abcdef/split_home.wasm", true),
            ("/wasm/0123456789abcdef/", false),
            ("/wasm/0123456789ABCDEF/split_home.wasm", false),
            ("/wasm/latest/split_home.wasm", false),
            ("/", false),
            ("/index.html", false),
            ("/sw.js", false),
            ("/manifest.webmanifest", false),
            ("/robots.txt", false),
            ("/study", false),
            ("/zhibu.js", false),
            ("/zhibu.0123456789abcde.js", false),
            ("/.0123456789abcdef.js", false),
            ("/zhibu.0123456789abcdef.", false),
            ("/0123456789abcdef.js", false),
        ];
        for (path, immutable) in cases {
            assert_eq!(is_immutable(path), immutable, "{path}");
        }
    }
}
