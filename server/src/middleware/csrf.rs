//! The CSRF guard for the API's writes, on top of the SameSite=Strict cookie.
//!
//! A cross-site HTML form can only send form or text bodies, so requiring
//! `application/json` shuts forms out; a cross-site script cannot send JSON to us without a
//! CORS preflight we never grant, and browsers mark its `Origin`, which must be our host.

use crate::AppState;
use crate::error::AppError;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn guard_writes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let headers = request.headers();
    if let Some(origin) = headers.get(header::ORIGIN) {
        let host = request_host(headers, state.config.trust_proxy)
            .or_else(|| request.uri().authority().map(|a| a.as_str().to_owned()));
        let same = match (origin.to_str().ok(), host) {
            (Some(origin), Some(host)) => origin_matches_host(origin, &host),
            _ => false,
        };
        if !same {
            tracing::warn!(?origin, "refused a cross-origin write");
            return AppError::forbidden().into_response();
        }
    }
    if !is_json(headers) {
        return AppError::unsupported_media_type().into_response();
    }
    next.run(request).await
}

fn request_host(headers: &HeaderMap, trust_proxy: bool) -> Option<String> {
    let forwarded = trust_proxy
        .then(|| headers.get("x-forwarded-host"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(str::trim);
    forwarded
        .or_else(|| headers.get(header::HOST).and_then(|v| v.to_str().ok()))
        .map(str::to_owned)
}

/// `application/json`, with or without parameters such as `charset`.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

/// Whether `Origin: scheme://host[:port]` names the same host and port as `Host`. An
/// opaque origin (`null`) matches nothing.
fn origin_matches_host(origin: &str, host: &str) -> bool {
    let Some((scheme, authority)) = origin.split_once("://") else {
        return false;
    };
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => return false,
    };
    let normalise = |a: &str| {
        let a = a.trim().trim_end_matches('/').to_ascii_lowercase();
        match a.strip_suffix(default_port) {
            Some(bare) => bare.to_owned(),
            None => a,
        }
    };
    normalise(authority) == normalise(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_match_their_own_host_only() {
        assert!(origin_matches_host(
            "http://127.0.0.1:8080",
            "127.0.0.1:8080"
        ));
        assert!(origin_matches_host(
            "https://Zhibu.Example",
            "zhibu.example:443"
        ));
        assert!(origin_matches_host("http://zhibu.example", "zhibu.example"));
        assert!(!origin_matches_host("http://evil.example", "zhibu.example"));
        assert!(!origin_matches_host(
            "http://zhibu.example:8081",
            "zhibu.example:8080"
        ));
        assert!(!origin_matches_host("null", "zhibu.example"));
        assert!(!origin_matches_host("ftp://zhibu.example", "zhibu.example"));
    }

    #[test]
    fn json_content_types() {
        let mut h = HeaderMap::new();
        assert!(!is_json(&h));
        h.insert(
            header::CONTENT_TYPE,
            "application/json; charset=utf-8".parse().unwrap(),
        );
        assert!(is_json(&h));
        h.insert(header::CONTENT_TYPE, "text/plain".parse().unwrap());
        assert!(!is_json(&h));
    }
}
