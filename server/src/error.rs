//! The one error type of the server. Every failure, whether a handler's, an extractor's or
//! a layer's, leaves as the model's JSON `ApiError {code, field, message}`.
//!
//! A response cannot see the request it answers, so `AppError` renders its message in the
//! default language and records what it was in a response extension; the `json_errors`
//! middleware, which does see the request, re-renders it in the `Accept-Language` one.

use axum::Json;
use axum::extract::FromRequest;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use zhibu_model::{ApiError, ErrorCode, FieldError, Lang};

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug)]
pub enum AppError {
    /// A request field failed validation: 422 naming the field.
    Field(FieldError),
    /// A field error with another status (409: the preview an import names is out of
    /// date).
    FieldStatus(StatusCode, FieldError),
    /// A failure that is not about one field, answered with its code's standard message.
    General(StatusCode, ErrorCode),
    /// Too many failed logins: 429 with `Retry-After`.
    RateLimited { retry_after_secs: u64 },
    /// A bug or an outage. Logged in full; the client only hears that it happened.
    Internal(BoxError),
}

impl AppError {
    pub fn unauthenticated() -> Self {
        Self::General(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated)
    }

    pub fn invalid_credentials() -> Self {
        Self::General(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials)
    }

    pub fn forbidden() -> Self {
        Self::General(StatusCode::FORBIDDEN, ErrorCode::Forbidden)
    }

    pub fn not_found() -> Self {
        Self::General(StatusCode::NOT_FOUND, ErrorCode::NotFound)
    }

    pub fn unsupported_media_type() -> Self {
        Self::General(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::MalformedRequest,
        )
    }

    pub fn internal(e: impl Into<BoxError>) -> Self {
        Self::Internal(e.into())
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        Self::Field(e)
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        Self::Internal(e.into())
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Internal(e.into())
    }
}

/// What an error response said, kept so that it can be re-rendered in another language.
#[derive(Clone, Debug)]
pub enum ErrorBody {
    Field(FieldError),
    General(ErrorCode),
}

impl ErrorBody {
    pub fn render(&self, lang: Lang) -> ApiError {
        match self {
            ErrorBody::Field(e) => e.to_api_error(lang),
            ErrorBody::General(code) => ApiError::general(*code, lang),
        }
    }

    /// The JSON error response for `status`, tagged for re-rendering.
    pub fn into_response_with(self, status: StatusCode, lang: Lang) -> Response {
        let mut response = (status, Json(self.render(lang))).into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// The code for a status that some layer (not our code) answered with.
pub fn code_for_status(status: StatusCode) -> ErrorCode {
    match status {
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthenticated,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        // An unknown method on a known path is as unknown as an unknown path.
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => ErrorCode::NotFound,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::CONFLICT => ErrorCode::Conflict,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
        s if s.is_server_error() => ErrorCode::Internal,
        _ => ErrorCode::MalformedRequest,
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let lang = Lang::default();
        match self {
            AppError::Field(e) => {
                ErrorBody::Field(e).into_response_with(StatusCode::UNPROCESSABLE_ENTITY, lang)
            }
            AppError::General(status, code) => {
                ErrorBody::General(code).into_response_with(status, lang)
            }
            AppError::FieldStatus(status, e) => {
                ErrorBody::Field(e).into_response_with(status, lang)
            }
            AppError::RateLimited { retry_after_secs } => {
                let mut response = ErrorBody::General(ErrorCode::RateLimited)
                    .into_response_with(StatusCode::TOO_MANY_REQUESTS, lang);
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
                response
            }
            AppError::Internal(e) => {
                tracing::error!(error = ?e, "internal error");
                ErrorBody::General(ErrorCode::Internal)
                    .into_response_with(StatusCode::INTERNAL_SERVER_ERROR, lang)
            }
        }
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        let status = match rejection {
            JsonRejection::MissingJsonContentType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            // Reading the body failed: over the size limit, or the client went away.
            JsonRejection::BytesRejection(ref r) => r.status(),
            // Bad syntax and a wrong shape are both a malformed request to the client.
            _ => StatusCode::BAD_REQUEST,
        };
        tracing::debug!(%rejection, "rejected a JSON body");
        AppError::General(status, code_for_status(status))
    }
}

/// `axum::Json`, but its rejections are `AppError`s (JSON), never axum's plain text.
#[derive(Debug, Clone, Copy, Default, FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_statuses_map_to_codes() {
        assert_eq!(
            code_for_status(StatusCode::METHOD_NOT_ALLOWED),
            ErrorCode::NotFound
        );
        assert_eq!(
            code_for_status(StatusCode::PAYLOAD_TOO_LARGE),
            ErrorCode::PayloadTooLarge
        );
        assert_eq!(
            code_for_status(StatusCode::BAD_GATEWAY),
            ErrorCode::Internal
        );
        assert_eq!(
            code_for_status(StatusCode::UNSUPPORTED_MEDIA_TYPE),
            ErrorCode::MalformedRequest
        );
    }

    #[test]
    fn internal_errors_never_leak_their_detail() {
        let response = AppError::internal("secret table name").into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = response.extensions().get::<ErrorBody>().unwrap();
        let rendered = body.render(Lang::En);
        assert_eq!(rendered.code, ErrorCode::Internal);
        assert!(!rendered.message.contains("secret"));
    }

    #[test]
    fn rate_limited_carries_retry_after() {
        let response = AppError::RateLimited {
            retry_after_secs: 42,
        }
        .into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "42");
    }
}
