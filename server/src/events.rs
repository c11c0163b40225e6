//! What the server computes from a branch's event records with the model crate's rules:
//! attendance (for the study credit), compliance with 三会一课, the calendar feed.

use crate::error::AppError;
use crate::repo::{Repo, StoredRecord};
use crate::sync::to_row;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;
use zhibu_model::attendance::{Answer, BranchAttendance, RosterMember, SheetView, attendance_id};
use zhibu_model::compliance::{HeldEvent, Obligation, compliance};
use zhibu_model::event::EventRecord;
use zhibu_model::event_settings::EventSettings;
use zhibu_model::sync::{RecordData, RecordKind};
use zhibu_model::{BranchId, Role};

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

/// The attendance sheet of one of the branch's events (`None`: no such live event).
pub async fn sheet_view(
    repo: &Repo,
    branch: BranchId,
    event_id: zhibu_model::Uuid,
) -> Result<Option<SheetView>, AppError> {
    let key = event_id.to_string();
    let Some(event) = repo
        .record(&key)
        .await?
        .and_then(|r| crate::sync::event_of(&r, Some(&branch.to_string())))
    else {
        return Ok(None);
    };
    let mut roster = Vec::new();
    for (id, display_name, role, party_group) in repo.branch_roster(branch).await? {
        roster.push(RosterMember {
            member_id: id.parse().map_err(AppError::internal)?,
            display_name,
            role: Role::parse(&role)
                .ok_or_else(|| AppError::internal(format!("member {id}: role {role:?}")))?,
            party_group,
        });
    }
    let mut sheet = None;
    if let Some(stored) = repo.record(&attendance_id(event_id).to_string()).await?
        && stored.branch_id.as_deref() == Some(branch.to_string().as_str())
        && let Some(RecordData::EventAttendance(s)) = data(&stored)?
    {
        sheet = Some(s);
    }
    let mut checked_in = Vec::new();
    for stored in repo
        .branch_records(branch, RecordKind::EventCheckIn.as_str())
        .await?
    {
        if stored.ref_id.as_deref() == Some(key.as_str()) {
            checked_in.push(stored.owner_id.parse().map_err(AppError::internal)?);
        }
    }
    let mut decisions = HashMap::new();
    for stored in repo
        .branch_records(branch, RecordKind::EventLeaveDecision.as_str())
        .await?
    {
        if let Some(RecordData::EventLeaveDecision(d)) = data(&stored)? {
            decisions.insert(d.rsvp_id, d.approved);
        }
    }
    let mut answers = Vec::new();
    for stored in repo
        .branch_records(branch, RecordKind::EventRsvp.as_str())
        .await?
    {
        if let Some(RecordData::EventRsvp(rsvp)) = data(&stored)?
            && rsvp.event_id == event_id
        {
            let rsvp_id = stored.id.parse().map_err(AppError::internal)?;
            answers.push(Answer {
                member_id: stored.owner_id.parse().map_err(AppError::internal)?,
                rsvp_id,
                leave_approved: decisions.get(&rsvp_id).copied(),
                rsvp,
            });
        }
    }
    Ok(Some(SheetView::new(
        event_id,
        &event,
        &roster,
        sheet.as_ref(),
        &checked_in,
        &answers,
    )))
}
