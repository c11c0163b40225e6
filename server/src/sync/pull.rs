//! `GET /api/v1/sync/pull`: what changed since the client's cursor, that it may see.

use crate::error::AppError;
use crate::repo::Repo;
use zhibu_model::Me;
use zhibu_model::MemberId;
use zhibu_model::sync::{PULL_PAGE, PullResponse, RecordData, Revision, SyncRow};

/// `scope` is the member's scope version, read with `me` (the session), so the rows
/// below are those of the branch and role that version stands for.
pub async fn pull(
    repo: &Repo,
    me: &Me,
    scope: i64,
    since: Revision,
    limit: usize,
) -> Result<PullResponse, AppError> {
    let limit = limit.clamp(1, PULL_PAGE);
    let member = me.id.to_string();
    let branch = me.branch_id.map(|b| b.to_string());
    let manages = me.role.manages_branch() && branch.is_some();
    let mut stored = repo
        .records_since(
            &member,
            branch.as_deref(),
            manages,
            since.max(0),
            limit as i64 + 1,
        )
        .await?;
    let more = stored.len() > limit;
    stored.truncate(limit);
    let rows = stored
        .iter()
        .map(|r| super::to_row(r).map(|row| redact(row, me)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(AppError::internal)?;
    let cursor = rows.last().map_or(since.max(0), |r| r.revision);
    Ok(PullResponse {
        rows,
        cursor,
        more,
        scope,
    })
}

/// A talk the member did not take part in (pulled because they manage its branch) comes
/// as its summary: who, when, which kind — never its content. An event reaches a plain
/// member without its check-in secret (and a committee-only one without its agenda and
/// minutes).
fn redact(mut row: SyncRow, me: &Me) -> SyncRow {
    if let Some(RecordData::Talk(t)) = &row.data
        && !t.took_part(MemberId(row.owner), me.id)
    {
        row.data = Some(RecordData::TalkSummary(t.summary()));
    }
    if !me.role.manages_branch()
        && let Some(RecordData::Event(e)) = &mut row.data
    {
        **e = e.as_ref().clone().for_member();
    }
    row
}
