//! The two sync requests. A failure to reach the server is told apart from an answer, so
//! the engine can retry the first and show the second.

use super::wire::{Op, Pulled, Push, Pushed};
use crate::fetch::{self, Method};
use web_sys::Response;
use zhibu_model::sync::Revision;
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

async fn answer<T: serde::de::DeserializeOwned>(response: Response) -> Result<T, NetError> {
    let text = fetch::text(&response).await;
    match response.status() {
        200..=299 => {
            let text = text.ok_or_else(|| NetError::Unreachable("the answer broke off".into()))?;
            serde_json::from_str(&text).map_err(|e| NetError::Unreachable(e.to_string()))
        }
        401 => Err(NetError::Unauthenticated),
        status => Err(NetError::Refused(
            status,
            text.and_then(|t| serde_json::from_str(&t).ok()),
        )),
    }
}

pub async fn push(ops: &[Op], lang: Lang) -> Result<Pushed, NetError> {
    let body = serde_json::to_string(&Push { ops }).map_err(|e| NetError::Local(e.to_string()))?;
    let response = fetch::send(Method::Post(&body), "/api/v1/sync/push", lang)
        .await
        .map_err(NetError::Unreachable)?;
    answer(response).await
}

pub async fn pull(since: Revision, lang: Lang) -> Result<Pulled, NetError> {
    let path = format!("/api/v1/sync/pull?since={since}");
    let response = fetch::send(Method::Get, &path, lang)
        .await
        .map_err(NetError::Unreachable)?;
    answer(response).await
}
