//! `POST /api/v1/sync/push`: applies a member's operations in order, each at most once.

use super::access::{may_change, scope_for};
use super::{to_row, today_in_china};
use crate::error::AppError;
use crate::repo::{RecordWrite, Repo, Scope, SyncTx};
use chrono::NaiveDate;
use serde_json::Value;
use zhibu_model::sync::{
    Change, MAX_PUSH_BATCH, OpOutcome, OpResult, Operation, PushResponse, RecordData, RecordKind,
    SyncRow,
};
use zhibu_model::{ErrorCode, FieldError, Lang, Me, Uuid};

/// Applies `ops` (raw JSON, so one malformed operation is refused alone) in one transaction.
pub async fn push(
    repo: &Repo,
    me: &Me,
    lang: Lang,
    ops: Vec<Value>,
    now: i64,
) -> Result<PushResponse, AppError> {
    if ops.len() > MAX_PUSH_BATCH {
        return Err(
            FieldError::with_limit("ops", ErrorCode::TooLarge, MAX_PUSH_BATCH as u32).into(),
        );
    }
    // Every operation needs its id before anything is applied: without it no answer can
    // be matched, so such a request is refused whole.
    let parsed = ops
        .into_iter()
        .map(|raw| {
            let id = op_id(&raw)?;
            Ok((id, serde_json::from_value::<Operation>(raw)))
        })
        .collect::<Result<Vec<_>, FieldError>>()?;
    if parsed.is_empty() {
        return Ok(PushResponse::default());
    }

    let today = today_in_china(now);
    let member = me.id.to_string();
    let mut tx = repo.begin_sync().await?;
    let mut next_revision = tx.reserve_revisions(parsed.len() as i64).await?;
    let mut results = Vec::with_capacity(parsed.len());
    for (op_id, op) in parsed {
        let op_key = op_id.to_string();
        if let Some(first) = tx.first_outcome(&member, &op_key).await? {
            let first: OpOutcome = serde_json::from_str(&first).map_err(AppError::internal)?;
            results.push(OpResult {
                op_id,
                outcome: OpOutcome::Duplicate {
                    first: Box::new(first),
                },
            });
            continue;
        }
        let outcome = match op {
            Ok(op) => match apply(&mut tx, me, &op, today, &mut next_revision, now).await? {
                Ok(outcome) => outcome,
                Err(refusal) => OpOutcome::rejected(refusal, lang),
            },
            Err(reason) => {
                tracing::debug!(%op_id, %reason, "malformed operation");
                OpOutcome::rejected(FieldError::new("record", ErrorCode::MalformedRequest), lang)
            }
        };
        let stored = serde_json::to_string(&outcome).map_err(AppError::internal)?;
        tx.remember_outcome(&member, &op_key, &stored, now).await?;
        results.push(OpResult { op_id, outcome });
    }
    tx.commit().await?;
    Ok(PushResponse { results })
}

/// An operation's `op_id`, read before the rest so a malformed op can still be answered.
fn op_id(raw: &Value) -> Result<Uuid, FieldError> {
    match raw.get("op_id") {
        None | Some(Value::Null) => Err(FieldError::new("op_id", ErrorCode::Required)),
        Some(v) => v
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| FieldError::new("op_id", ErrorCode::InvalidFormat)),
    }
}

/// Applies one operation: `Ok(Err(_))` is a refusal the member can read, `Err(_)` a fault.
async fn apply(
    tx: &mut SyncTx,
    me: &Me,
    op: &Operation,
    today: NaiveDate,
    next_revision: &mut i64,
    now: i64,
) -> Result<Result<OpOutcome, FieldError>, AppError> {
    let kind = op.change.record_kind();
    let scope = match scope_for(me, kind) {
        Ok(scope) => scope,
        Err(e) => return Ok(Err(e)),
    };
    let data = match parse(&op.change, today) {
        Ok(data) => data,
        Err(e) => return Ok(Err(e)),
    };
    let record_id = op.record_id.to_string();
    let existing = tx.record(&record_id).await?;
    if let Some(Err(e)) = existing.as_ref().map(|old| may_change(me, kind, old)) {
        return Ok(Err(e));
    }
    if let Some(data) = &data
        && let Err(e) = check_references(tx, me, data).await?
    {
        return Ok(Err(e));
    }
    let conflict = existing
        .as_ref()
        .is_some_and(|e| op.base_revision != Some(e.revision));
    let op_key = op.op_id.to_string();
    if let Some(old) = &existing {
        tx.keep_history(old, &op_key, conflict, now).await?;
    }
    let body = data
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(AppError::internal)?;
    // An own record only ever changes at its owner's hand (`may_change`); a branch
    // record's owner is whoever wrote it last.
    let owner = me.id.to_string();
    let branch = match scope {
        Scope::Own => me.branch_id.map(|b| b.to_string()),
        Scope::Branch => existing
            .as_ref()
            .and_then(|e| e.branch_id.clone())
            .or_else(|| me.branch_id.map(|b| b.to_string())),
    };
    let revision = *next_revision;
    *next_revision += 1;
    tx.write_record(
        &RecordWrite {
            id: &record_id,
            kind: kind.as_str(),
            owner_id: &owner,
            branch_id: branch.as_deref(),
            scope,
            revision,
            body: body.as_deref(),
        },
        now,
    )
    .await?;
    let row = SyncRow {
        kind,
        id: op.record_id,
        revision,
        owner: me.id.0,
        deleted: data.is_none(),
        data,
    };
    Ok(Ok(match existing {
        Some(old) if conflict => OpOutcome::Conflict {
            row,
            replaced: to_row(&old).map_err(AppError::Internal)?,
        },
        _ => OpOutcome::Applied { row },
    }))
}

/// The record an operation writes, checked by the model crate's rules (`None`: deleted).
fn parse(change: &Change, today: NaiveDate) -> Result<Option<RecordData>, FieldError> {
    Ok(match change {
        Change::StudyPut(input) => Some(RecordData::Study(input.parse(today)?)),
        Change::PlanItemPut(input) => Some(RecordData::PlanItem(input.parse()?)),
        Change::PlanTickPut(input) => Some(RecordData::PlanTick(input.parse()?)),
        Change::StudyDelete | Change::PlanItemDelete | Change::PlanTickDelete => None,
    })
}

/// What a record points at must be the member's to point at: a tick names a live item of
/// the member's branch plan; a study record an item of that plan (perhaps withdrawn since:
/// the study still happened); a tick's study record is the member's own. A study record
/// not on the server (yet) is accepted: a later op of the batch may bring it.
async fn check_references(
    tx: &mut SyncTx,
    me: &Me,
    data: &RecordData,
) -> Result<Result<(), FieldError>, AppError> {
    let (item, must_be_live, study) = match data {
        RecordData::PlanTick(t) => (Some(t.plan_item_id), true, t.study_id),
        RecordData::Study(s) => (s.plan_item_id, false, None),
        RecordData::PlanItem(_) => (None, false, None),
    };
    if let Some(item) = item
        && !plan_item_in_branch(tx, me, item, must_be_live).await?
    {
        return Ok(Err(FieldError::new("plan_item_id", ErrorCode::NotFound)));
    }
    if let Some(study) = study
        && let Some(r) = tx.record(&study.to_string()).await?
        && (r.kind != RecordKind::Study.as_str() || r.owner_id != me.id.to_string())
    {
        return Ok(Err(FieldError::new("study_id", ErrorCode::NotFound)));
    }
    Ok(Ok(()))
}

async fn plan_item_in_branch(
    tx: &mut SyncTx,
    me: &Me,
    plan_item_id: Uuid,
    must_be_live: bool,
) -> Result<bool, AppError> {
    let Some(item) = tx.record(&plan_item_id.to_string()).await? else {
        return Ok(false);
    };
    let branch = me.branch_id.map(|b| b.to_string());
    Ok(item.kind == RecordKind::PlanItem.as_str()
        && !(must_be_live && item.deleted)
        && branch.is_some()
        && item.branch_id == branch)
}
