//! The request's language, for handlers that put messages inside a successful answer
//! (error responses are localised by the `json_errors` middleware on their own).

use crate::middleware::json_errors::request_lang;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::convert::Infallible;
use zhibu_model::Lang;

/// The first supported language of `Accept-Language`; zh-CN when none is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for RequestLang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(RequestLang(request_lang(&parts.headers)))
    }
}
