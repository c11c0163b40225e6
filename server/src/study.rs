//! The secretary's study overview, computed from the members' own records with the model
//! crate's rules (the same figures the member's phone shows them): enter once.

use crate::error::AppError;
use crate::repo::Repo;
use crate::sync::to_row;
use chrono::Datelike;
use std::collections::{HashMap, HashSet};
use zhibu_model::branch_study::{BranchStudyOverview, MemberStudy};
use zhibu_model::progress::year_progress;
use zhibu_model::sync::{RecordData, RecordKind};
use zhibu_model::{BranchId, Role, Uuid};

pub async fn branch_overview(
    repo: &Repo,
    branch: BranchId,
    year: i32,
    today: chrono::NaiveDate,
) -> Result<BranchStudyOverview, AppError> {
    let settings = repo.study_settings(branch).await?;
    let branch_key = branch.to_string();

    // The year's plan: live items due in it.
    let mut plan = HashSet::new();
    for stored in repo.live_plan_items(branch).await? {
        if let Some(RecordData::PlanItem(item)) = to_row(&stored).map_err(AppError::Internal)?.data
            && item.due.year() == year
        {
            plan.insert(stored.id.parse::<Uuid>().map_err(AppError::internal)?);
        }
    }

    let mut studies: HashMap<String, Vec<_>> = HashMap::new();
    for stored in repo
        .branch_records_of_kind(&branch_key, RecordKind::Study.as_str())
        .await?
    {
        if let Some(RecordData::Study(s)) = to_row(&stored).map_err(AppError::Internal)?.data {
            studies.entry(stored.owner_id).or_default().push(s);
        }
    }
    // Distinct plan items of the year each member ticked (a second tick counts once).
    let mut ticked: HashMap<String, HashSet<Uuid>> = HashMap::new();
    for stored in repo
        .branch_records_of_kind(&branch_key, RecordKind::PlanTick.as_str())
        .await?
    {
        if let Some(RecordData::PlanTick(t)) = to_row(&stored).map_err(AppError::Internal)?.data
            && plan.contains(&t.plan_item_id)
        {
            ticked
                .entry(stored.owner_id)
                .or_default()
                .insert(t.plan_item_id);
        }
    }

    // Attended events with a study element count as study (enter once).
    let attendance = crate::events::branch_attendance(repo, branch).await?;

    let mut members = Vec::new();
    for m in repo.branch_members(branch).await? {
        let role = Role::parse(&m.role)
            .ok_or_else(|| AppError::internal(format!("member {}: role {:?}", m.id, m.role)))?;
        let member_id: zhibu_model::MemberId = m.id.parse().map_err(AppError::internal)?;
        let credited = attendance.credited_studies(member_id, settings.minutes_per_hour);
        let records = studies.get(&m.id).map(Vec::as_slice).unwrap_or_default();
        let progress = year_progress(
            records.iter().chain(&credited),
            year,
            &settings,
            role,
            m.study_waived,
            today,
        );
        members.push(MemberStudy {
            member_id,
            plan_done: ticked.get(&m.id).map_or(0, |t| t.len() as u32),
            display_name: m.display_name,
            login: m.login,
            role,
            tenths: progress.tenths,
            target_hours: progress.target_hours,
            behind: progress.behind,
        });
    }
    Ok(BranchStudyOverview {
        year,
        members,
        plan_items: plan.len() as u32,
    })
}
