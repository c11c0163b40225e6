//! `POST /api/v1/sync/push`: reads a member's operations and hands them to the group
//! writer (`group.rs`), which applies each at most once, in order.

use super::apply::Prepared;
use super::group::{Job, Pushes};
use super::today_in_china;
use crate::error::AppError;
use crate::repo::Repo;
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;
use std::collections::HashMap;
use zhibu_model::sync::RecordData;
use zhibu_model::sync::{MAX_PUSH_BATCH, Operation};
use zhibu_model::{ErrorCode, FieldError, Lang, Me};

/// Applies `ops` (raw JSON, so one malformed operation is refused alone) and returns the
/// `PushResponse` JSON once they are committed.
pub async fn push(
    repo: &Repo,
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
            Ok(op) => Ok(Prepared::new(op, today, now, me.id)?),
            Err(e) => Err(e),
        };
        prepared.push((key, op));
    }
    check_counterparts(repo, me, &mut prepared).await?;
    super::events::verify_answers(repo, me, &mut prepared, now).await?;
    for p in prepared.iter_mut().filter_map(|(_, p)| p.as_mut().ok()) {
        super::pledges::stamp_receipt(p, now)?;
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

/// A talk's member counterparts must be members of the writer's branch: a talk naming
/// anyone else (or a writer outside any branch naming anyone) is refused on
/// `counterparts`. Branch membership is read here, outside the writer; it changes only by
/// an administrator's hand.
async fn check_counterparts(
    repo: &Repo,
    me: &Me,
    prepared: &mut [(String, Result<Prepared, serde_json::Error>)],
) -> Result<(), AppError> {
    let talk_members = |p: &Prepared| match &p.checked {
        Ok(Some((RecordData::Talk(t), _))) => t.members.clone(),
        _ => Vec::new(),
    };
    let mut named: Vec<String> = prepared
        .iter()
        .filter_map(|(_, p)| p.as_ref().ok())
        .flat_map(talk_members)
        .map(|m| m.to_string())
        .collect();
    if named.is_empty() {
        return Ok(());
    }
    named.sort();
    named.dedup();
    let branches: HashMap<String, Option<String>> =
        repo.member_branches(&named).await?.into_iter().collect();
    let mine = me.branch_id.map(|b| b.to_string());
    for p in prepared.iter_mut().filter_map(|(_, p)| p.as_mut().ok()) {
        let outside = talk_members(p)
            .iter()
            .any(|m| mine.is_none() || branches.get(&m.to_string()).is_none_or(|b| *b != mine));
        if outside {
            p.checked = Err(FieldError::new("counterparts", ErrorCode::NotFound));
        }
    }
    Ok(())
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
