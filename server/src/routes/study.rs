//! Study settings and progress: the member's own profile, and the branch's overview,
//! settings and waivers for its secretary and committee only.

use super::{YearQuery, managed_branch};
use crate::AppState;
use crate::auth::{ClientAddr, CurrentSession};
use crate::clock::now_millis;
use crate::error::{ApiJson, AppError};
use crate::study::branch_overview;
use crate::sync::today_in_china;
use axum::extract::{Path, Query, State};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibu_model::MemberId;
use zhibu_model::branch_study::{
    BranchStudyOverview, StudyProfile, StudySettingsInput, StudyWaiver,
};
use zhibu_model::rules::StudySettings;
use zhibu_model::study::StudyRecord;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(profile))
        .routes(routes!(overview))
        .routes(routes!(set_settings))
        .routes(routes!(set_waiver))
}

#[utoipa::path(
    get,
    path = "/v1/study/profile",
    tag = "study",
    security(("session" = [])),
    responses(
        (status = 200, description = "OK", body = StudyProfile),
    ),
)]
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

#[utoipa::path(
    get,
    path = "/v1/branch/study",
    tag = "study",
    params(YearQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "OK", body = BranchStudyOverview),
        (status = 403, description = "Not the branch's secretary or committee (`forbidden`)", body = zhibu_model::ApiError),
        (status = 422, description = "`year` outside the years the portal keeps (`out_of_range`)", body = zhibu_model::ApiError),
    ),
)]
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

#[utoipa::path(
    put,
    path = "/v1/branch/study-settings",
    tag = "study",
    request_body = StudySettingsInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "Saved", body = StudySettings),
        (status = 403, description = "Not the branch's secretary or committee (`forbidden`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation: `field` names it", body = zhibu_model::ApiError),
    ),
)]
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

#[utoipa::path(
    put,
    path = "/v1/branch/members/{id}/study-waiver",
    tag = "study",
    params(("id" = String, Path, description = "The member's id")),
    request_body = StudyWaiver,
    security(("session" = [])),
    responses(
        (status = 200, description = "Saved", body = StudyWaiver),
        (status = 403, description = "Not the branch's secretary or committee (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such member of the branch that the caller may see (`not_found`)", body = zhibu_model::ApiError),
    ),
)]
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
