//! The two sync requests. A failure to reach the server is told apart from an answer, so
//! the engine can retry the first and show the second.

use gloo_net::http::Request;
use zhibu_model::sync::{Operation, PullResponse, PushRequest, PushResponse, Revision};
use zhibu_model::{ApiError, Lang};

#[derive(Debug)]
pub enum NetError {
    /// No answer: offline, a tunnel, a server restart. Retried with backoff.
    Unreachable(String),
    /// The session is gone; a new login is needed before anything can be sent.
    Unauthenticated,
    /// The server answered with an error for the whole request.
    Refused(u16, Option<ApiError>),
    /// The phone's own store failed.
    Local(String),
}

async fn answer<T: serde::de::DeserializeOwned>(
    response: gloo_net::http::Response,
) -> Result<T, NetError> {
    match response.status() {
        200..=299 => response
            .json()
            .await
            .map_err(|e| NetError::Unreachable(e.to_string())),
        401 => Err(NetError::Unauthenticated),
        status => Err(NetError::Refused(status, response.json().await.ok())),
    }
}

pub async fn push(ops: Vec<Operation>, lang: Lang) -> Result<PushResponse, NetError> {
    let response = Request::post("/api/v1/sync/push")
        .header("Accept-Language", lang.tag())
        .json(&PushRequest { ops })
        .map_err(|e| NetError::Local(e.to_string()))?
        .send()
        .await
        .map_err(|e| NetError::Unreachable(e.to_string()))?;
    answer(response).await
}

pub async fn pull(since: Revision, lang: Lang) -> Result<PullResponse, NetError> {
    let response = Request::get(&format!("/api/v1/sync/pull?since={since}"))
        .header("Accept-Language", lang.tag())
        .send()
        .await
        .map_err(|e| NetError::Unreachable(e.to_string()))?;
    answer(response).await
}
