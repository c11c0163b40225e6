//! What the server computes from a branch's event records with the model crate's rules:
//! attendance (for the study credit), compliance with 三会一课, the calendar feed.

use crate::error::AppError;
use crate::repo::{Repo, StoredRecord};
use crate::sync::to_row;
use chrono::{DateTime, NaiveDate, Utc};
use zhibu_model::BranchId;
use zhibu_model::attendance::BranchAttendance;
use zhibu_model::compliance::{HeldEvent, Obligation, compliance};
use zhibu_model::event::EventRecord;
use zhibu_model::event_settings::EventSettings;
use zhibu_model::sync::{RecordData, RecordKind};

fn data(stored: &StoredRecord) -> Result<Option<RecordData>, AppError> {
    Ok(to_row(stored).map_err(AppError::Internal)?.data)
}

/// The branch's live events with their ids and revisions, by start.
pub async fn branch_events(
    repo: &Repo,
    branch: BranchId,
) -> Result<Vec<(zhibu_model::Uuid, i64, EventRecord)>, AppError> {
    let mut out = Vec::new();
    for stored in repo
        .branch_records(branch, RecordKind::Event.as_str())
        .await?
    {
        if let Some(RecordData::Event(e)) = data(&stored)? {
            out.push((
                stored.id.parse().map_err(AppError::internal)?,
                stored.revision,
                *e,
            ));
        }
    }
    out.sort_by_key(|(id, _, e)| (e.starts_at, *id));
    Ok(out)
}

/// Everything known of the branch's attendance: its events, sheets and check-ins (every
/// stored check-in passed verification when it was pushed).
pub async fn branch_attendance(
    repo: &Repo,
    branch: BranchId,
) -> Result<BranchAttendance, AppError> {
    let mut known = BranchAttendance::default();
    for (id, _, e) in branch_events(repo, branch).await? {
        known.events.insert(id, e);
    }
    for stored in repo
        .branch_records(branch, RecordKind::EventAttendance.as_str())
        .await?
    {
        if let Some(RecordData::EventAttendance(sheet)) = data(&stored)? {
            known.sheets.insert(sheet.event_id, sheet);
        }
    }
    for stored in repo
        .branch_records(branch, RecordKind::EventCheckIn.as_str())
        .await?
    {
        if let Some(RecordData::EventCheckIn(c)) = data(&stored)? {
            let member = stored.owner_id.parse().map_err(AppError::internal)?;
            known.check_ins.push((c.event_id, member));
        }
    }
    Ok(known)
}

/// The branch's obligations in `year` from the events held by `now`, with its settings'
/// requirements.
pub async fn branch_compliance(
    repo: &Repo,
    branch: BranchId,
    settings: &EventSettings,
    year: i32,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<Obligation>, AppError> {
    let held: Vec<HeldEvent> = branch_events(repo, branch)
        .await?
        .iter()
        .filter_map(|(_, _, e)| e.held_event(now))
        .collect();
    Ok(compliance(&held, &settings.requirements(), year, today))
}
