//! Study settings and progress: the member's own profile, and the branch's overview,
//! settings and waivers for its secretary and committee only.

use crate::AppState;
use crate::auth::CurrentSession;
use crate::clock::now_millis;
use crate::error::{ApiJson, AppError};
use crate::study::branch_overview;
use crate::sync::today_in_china;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::routing::{get, put};
use chrono::Datelike;
use serde::Deserialize;
use zhibu_model::branch_study::{
    BranchStudyOverview, StudyProfile, StudySettingsInput, StudyWaiver,
};
use zhibu_model::rules::StudySettings;
use zhibu_model::study::StudyRecord;
use zhibu_model::{BranchId, ErrorCode, FieldError, Me, MemberId};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/study/profile", get(profile))
        .route("/v1/branch/study", get(overview))
        .route("/v1/branch/study-settings", put(set_settings))
        .route("/v1/branch/members/{id}/study-waiver", put(set_waiver))
}

/// The branch a secretary or committee member manages; everyone else is refused.
fn managed_branch(me: &Me) -> Result<BranchId, AppError> {
    match me.branch_id {
        Some(branch) if me.role.manages_branch() => Ok(branch),
        _ => Err(AppError::forbidden()),
    }
}

async fn profile(
    State(state): State<AppState>,
    session: CurrentSession,
) -> Result<ApiJson<StudyProfile>, AppError> {
    let me = &session.member;
    let settings = match me.branch_id {
        Some(branch) => state.repo.study_settings(branch).await?,
        None => StudySettings::default(),
    };
    let waived = state.repo.study_waived(me.id).await?;
    let credited = match me.branch_id {
        Some(branch) => crate::events::branch_attendance(&state.repo, branch)
            .await?
            .credited_studies(me.id, settings.minutes_per_hour),
        None => Vec::new(),
    };
    Ok(ApiJson(StudyProfile {
        settings,
        waived,
        target_hours: settings.target_hours(me.role, waived),
        credited,
    }))
}

#[derive(Deserialize)]
struct YearQuery {
    year: Option<i32>,
}

async fn overview(
    State(state): State<AppState>,
    session: CurrentSession,
    Query(q): Query<YearQuery>,
) -> Result<ApiJson<BranchStudyOverview>, AppError> {
    let branch = managed_branch(&session.member)?;
    let today = today_in_china(now_millis());
    let year = q.year.unwrap_or(today.year());
    // Records are dated from 2000 and never in the future (a day's slack).
    if !(StudyRecord::MIN_YEAR..=today.year() + 1).contains(&year) {
        return Err(FieldError::new("year", ErrorCode::OutOfRange).into());
    }
    Ok(ApiJson(
        branch_overview(&state.repo, branch, year, today).await?,
    ))
}

async fn set_settings(
    State(state): State<AppState>,
    session: CurrentSession,
    ApiJson(input): ApiJson<StudySettingsInput>,
) -> Result<ApiJson<StudySettings>, AppError> {
    let me = &session.member;
    let branch = managed_branch(me)?;
    let settings = input.parse()?;
    state
        .repo
        .set_study_settings(branch, &settings, me.id, now_millis())
        .await?;
    Ok(ApiJson(settings))
}

async fn set_waiver(
    State(state): State<AppState>,
    session: CurrentSession,
    Path(id): Path<String>,
    ApiJson(waiver): ApiJson<StudyWaiver>,
) -> Result<ApiJson<StudyWaiver>, AppError> {
    let me = &session.member;
    let branch = managed_branch(me)?;
    // Another branch's member is as unknown as a member who does not exist.
    let member: MemberId = id.parse().map_err(|_| AppError::not_found())?;
    let changed = state
        .repo
        .set_study_waiver(branch, member, waiver.waived, me.id, now_millis())
        .await?;
    if !changed {
        return Err(AppError::not_found());
    }
    Ok(ApiJson(waiver))
}
