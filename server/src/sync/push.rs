//! `POST /api/v1/sync/push`: reads a member's operations and hands them to the group
//! writer (`group.rs`), which applies each at most once, in order.

use super::apply::Prepared;
use super::group::{Job, Pushes};
use super::today_in_china;
use crate::error::AppError;
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;
use zhibu_model::sync::{MAX_PUSH_BATCH, Operation};
use zhibu_model::{ErrorCode, FieldError, Lang, Me};

/// Applies `ops` (raw JSON, so one malformed operation is refused alone) and returns the
/// `PushResponse` JSON once they are committed.
pub async fn push(
    pushes: &Pushes,
    me: &Me,
    lang: Lang,
    ops: &[Box<RawValue>],
    now: i64,
) -> Result<String, AppError> {
    if ops.len() > MAX_PUSH_BATCH {
        return Err(
            FieldError::with_limit("ops", ErrorCode::TooLarge, MAX_PUSH_BATCH as u32).into(),
        );
    }
    // Every operation needs its id before anything is applied: without it no answer can
    // be matched, so such a request is refused whole.
    let keys = ops
        .iter()
        .map(|raw| op_id(raw).map(|id| id.to_string()))
        .collect::<Result<Vec<_>, FieldError>>()?;
    // Each record is checked (and serialised) here, in parallel with other requests; the
    // writer only decides what the database state allows.
    let today = today_in_china(now);
    let mut prepared = Vec::with_capacity(ops.len());
    for (key, raw) in keys.into_iter().zip(ops) {
        let op = match serde_json::from_str::<Operation>(raw.get()) {
            Ok(op) => Ok(Prepared::new(op, today)?),
            Err(e) => Err(e),
        };
        prepared.push((key, op));
    }
    let ops = prepared;
    if ops.is_empty() {
        return Ok(super::answers::response_json(&[]));
    }
    pushes
        .submit(Job {
            me: me.clone(),
            lang,
            ops,
            now,
        })
        .await
}

/// An operation's `op_id`, read before the rest so a malformed op can still be answered.
fn op_id(raw: &RawValue) -> Result<zhibu_model::Uuid, FieldError> {
    #[derive(Deserialize)]
    struct Head {
        #[serde(default)]
        op_id: Option<Value>,
    }
    match serde_json::from_str::<Head>(raw.get())
        .ok()
        .and_then(|h| h.op_id)
    {
        None | Some(Value::Null) => Err(FieldError::new("op_id", ErrorCode::Required)),
        Some(v) => v
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| FieldError::new("op_id", ErrorCode::InvalidFormat)),
    }
}
