//! Makes every error under `/api` the JSON `ApiError`, in the request's language.
//!
//! Our own errors arrive tagged with an [`ErrorBody`] and only need their message in the
//! right language. Errors from layers and routing (405, 413 from the body limit) arrive as
//! plain text and are replaced by the JSON error for their status.

use crate::error::{ErrorBody, code_for_status};
use axum::extract::Request;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use zhibu_model::Lang;

pub fn request_lang(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}

pub async fn json_errors(request: Request, next: Next) -> Response {
    let lang = request_lang(request.headers());
    let response = next.run(request).await;
    let status = response.status();
    if let Some(body) = response.extensions().get::<ErrorBody>() {
        if lang == Lang::default() {
            return response;
        }
        let body = body.clone();
        return rerender(response, body, lang);
    }
    if status.is_client_error() || status.is_server_error() {
        return rerender(response, ErrorBody::General(code_for_status(status)), lang);
    }
    response
}

/// The same status and headers (e.g. `Retry-After`, `Allow`) with the body in `lang`.
fn rerender(response: Response, body: ErrorBody, lang: Lang) -> Response {
    let (parts, _) = response.into_parts();
    let mut fresh = body.into_response_with(parts.status, lang);
    for (name, value) in &parts.headers {
        if name != header::CONTENT_LENGTH && name != header::CONTENT_TYPE {
            fresh.headers_mut().append(name, value.clone());
        }
    }
    fresh
}
