//! The secretary's study overview, computed from the members' own records with the model
//! crate's rules (the same figures the member's phone shows them): enter once.
//!
//! A year's overview counts the members whose membership of the branch covers some day
//! of it (`memberships`), each with only the study dated while they belonged: a member
//! transferred in counts from their first day, one transferred or gone out up to the day
//! before, so the branch's figures for a past span never change when someone moves; the
//! target is the one of the post they held there then (`branch_year.rs`).

use crate::branch_year::BranchYear;
use crate::error::AppError;
use crate::repo::Repo;
use crate::sync::to_row;
use chrono::{Datelike, NaiveDate};
use std::collections::{HashMap, HashSet};
use zhibu_model::branch_study::{BranchStudyOverview, MemberStudy};
use zhibu_model::progress::year_progress;
use zhibu_model::sync::{RecordData, RecordKind};
use zhibu_model::{BranchId, Uuid};

pub async fn branch_overview(
    repo: &Repo,
    branch: BranchId,
    year: i32,
    today: chrono::NaiveDate,
) -> Result<BranchStudyOverview, AppError> {
    let settings = repo.study_settings(branch).await?;

    // The year's plan: live items due in it.
    let mut plan = HashSet::new();
    for stored in repo.live_plan_items(branch).await? {
        if let Some(RecordData::PlanItem(item)) = to_row(&stored).map_err(AppError::Internal)?.data
            && item.due.year() == year
        {
            plan.insert(stored.id.parse::<Uuid>().map_err(AppError::internal)?);
        }
    }

    let roster = BranchYear::load(repo, branch, year, today).await?;
    let ids = roster.ids();
    let (first, last) = (roster.first, roster.last);
    let counted = |member: &str, day: NaiveDate| roster.counted(member, day);

    let mut studies: HashMap<String, Vec<_>> = HashMap::new();
    for stored in repo
        .owners_records(RecordKind::Study.as_str(), &ids)
        .await?
    {
        if let Some(RecordData::Study(s)) = to_row(&stored).map_err(AppError::Internal)?.data
            && counted(&stored.owner_id, s.date)
        {
            studies.entry(stored.owner_id).or_default().push(s);
        }
    }
    // Distinct plan items of the year each member ticked (a second tick counts once).
    let mut ticked: HashMap<String, HashSet<Uuid>> = HashMap::new();
    for stored in repo
        .owners_records(RecordKind::PlanTick.as_str(), &ids)
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
    for m in &roster.members {
        // The post held then, not now: a past year keeps its committee's targets.
        let role = roster.role(&m.id);
        let member_id: zhibu_model::MemberId = m.id.parse().map_err(AppError::internal)?;
        let credited: Vec<_> = attendance
            .credited_studies(member_id, settings.minutes_per_hour)
            .into_iter()
            .filter(|s| counted(&m.id, s.date))
            .collect();
        let terms = roster.terms(&m.id);
        // Within the year: the latest start and the earliest end of the spans there.
        let counted_from = terms
            .iter()
            .filter_map(|t| t.from)
            .filter(|f| *f > first && *f <= last)
            .max();
        let counted_until = terms
            .iter()
            .filter_map(|t| t.until)
            .filter(|u| *u <= last)
            .filter(|_| terms.iter().all(|t| t.until.is_some()))
            .max();
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
            display_name: m.display_name.clone(),
            login: m.login.clone(),
            role,
            tenths: progress.tenths,
            target_hours: progress.target_hours,
            behind: progress.behind,
            counted_from,
            counted_until,
        });
    }
    Ok(BranchStudyOverview {
        year,
        members,
        plan_items: plan.len() as u32,
    })
}
