//! Study settings and progress: the member's own profile, and the branch's overview,
//! settings and waivers for its secretary and committee only.

use super::{YearQuery, managed_branch};
use crate::AppState;
use crate::auth::{ClientAddr, CurrentSession};
use crate::clock::now_millis;
use crate::error::{ApiJson, AppError};
use crate::study::branch_overview;
use crate::sync::today_in_china;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::routing::{get, put};
use zhibu_model::MemberId;
use zhibu_model::branch_study::{
    BranchStudyOverview, StudyProfile, StudySettingsInput, StudyWaiver,
};
use zhibu_model::rules::StudySettings;
use zhibu_model::study::StudyRecord;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/study/profile", get(profile))
        .route("/v1/branch/study", get(overview))
        .route("/v1/branch/study-settings", put(set_settings))
        .route("/v1/branch/members/{id}/study-waiver", put(set_waiver))
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

async fn overview(
    State(state): State<AppState>,
    session: CurrentSession,
    Query(q): Query<YearQuery>,
) -> Result<ApiJson<BranchStudyOverview>, AppError> {
    let branch = managed_branch(&session.member)?;
    let today = today_in_china(now_millis());
    let year = q.year(today, StudyRecord::MIN_YEAR)?;
    Ok(ApiJson(
        branch_overview(&state.repo, branch, year, today).await?,
    ))
}

async fn set_settings(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    ApiJson(input): ApiJson<StudySettingsInput>,
) -> Result<ApiJson<StudySettings>, AppError> {
    let me = &session.member;
    let branch = managed_branch(me)?;
    let settings = input.parse()?;
    state
        .repo
        .set_study_settings(
            branch,
            &settings,
            &crate::repo::Actor::member(me.id, addr),
            now_millis(),
        )
        .await?;
    Ok(ApiJson(settings))
}

async fn set_waiver(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    ApiJson(waiver): ApiJson<StudyWaiver>,
) -> Result<ApiJson<StudyWaiver>, AppError> {
    let me = &session.member;
    let branch = managed_branch(me)?;
    // Another branch's member is as unknown as a member who does not exist.
    let member: MemberId = id.parse().map_err(|_| AppError::not_found())?;
    let changed = state
        .repo
        .set_study_waiver(
            branch,
            member,
            waiver.waived,
            &crate::repo::Actor::member(me.id, addr),
            now_millis(),
        )
        .await?;
    if !changed {
        return Err(AppError::not_found());
    }
    Ok(ApiJson(waiver))
}
