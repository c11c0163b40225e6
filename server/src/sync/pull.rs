//! `GET /api/v1/sync/pull`: what changed since the client's cursor, that it may see.

use crate::error::AppError;
use crate::repo::Repo;
use zhibu_model::Me;
use zhibu_model::sync::{PULL_PAGE, PullResponse, Revision};

pub async fn pull(
    repo: &Repo,
    me: &Me,
    since: Revision,
    limit: usize,
) -> Result<PullResponse, AppError> {
    let limit = limit.clamp(1, PULL_PAGE);
    let member = me.id.to_string();
    let branch = me.branch_id.map(|b| b.to_string());
    let mut stored = repo
        .records_since(&member, branch.as_deref(), since.max(0), limit as i64 + 1)
        .await?;
    let more = stored.len() > limit;
    stored.truncate(limit);
    let rows = stored
        .iter()
        .map(super::to_row)
        .collect::<Result<Vec<_>, _>>()
        .map_err(AppError::internal)?;
    let cursor = rows.last().map_or(since.max(0), |r| r.revision);
    Ok(PullResponse { rows, cursor, more })
}
