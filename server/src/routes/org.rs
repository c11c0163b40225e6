//! The organisation's tree (issue 19). Who may call what is in `org_access.rs`; shapes
//! are the model's (`org/tree.rs` for bodies, `org/views.rs` for answers). Every change
//! is audited with its actor and address.
//!
//! - `GET /api/v1/org` → `OrgTree` (administrator; a branch's secretary and committee).
//! - `POST /api/v1/org/general-branches {name}` → `{id}`; `PUT …/{id} {name}`
//!   (administrator).
//! - `POST /api/v1/org/branches {name, general_branch_id}` → `{id}`; `PUT …/{id}` the
//!   same (rename, move); `POST …/{id}/close {date}` (administrator; refused on
//!   `branch_id` `conflict` while it has active members). A closed branch keeps its
//!   history and refuses every change (`branch_id` `immutable`).
//! - `GET /api/v1/org/branches/{id}` → `BranchDetail` (groups; posts current and past,
//!   so 换届 history; administrator, the branch's secretary and committee).
//! - `GET /api/v1/org/branches/{id}/study?year=` → the branch's study overview, as its
//!   secretary sees it (same readers).
//! - `POST /api/v1/org/branches/{id}/groups {name}` → `{id}`; `PUT /api/v1/org/groups/{id}
//!   {name}`; `POST /api/v1/org/groups/{id}/close` (administrator, the branch's secretary).
//! - `POST /api/v1/org/branches/{id}/posts {member_id, post, from, party_group_id}` →
//!   `{id}`; `POST /api/v1/org/posts/{id}/end {until}` (administrator; the branch's
//!   secretary for 党小组长 only). `from`/`until` default to today and are never in the
//!   future.
//! - `POST /api/v1/org/branches/{id}/committee {date, posts: [{member_id, post}]}`: 换届
//!   (administrator).

use super::YearQuery;
use crate::AppState;
use crate::auth::{ClientAddr, CurrentSession};
use crate::error::{ApiJson, AppError};
use crate::org_access::OrgRole;
use crate::repo::Actor;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibu_model::branch_study::BranchStudyOverview;
use zhibu_model::ids::{GeneralBranchId, PartyGroupId, PostId};
use zhibu_model::org::post::Post;
use zhibu_model::org::tree::{
    AppointInput, BranchInput, CloseInput, ElectionInput, EndPostInput, GeneralBranchInput,
    GroupInput,
};
use zhibu_model::org::views::{BranchDetail, OrgTree};
use zhibu_model::study::StudyRecord;
use zhibu_model::{BranchId, Me};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(tree))
        .routes(routes!(create_general))
        .routes(routes!(rename_general))
        .routes(routes!(create_branch))
        .routes(routes!(branch, update_branch))
        .routes(routes!(close_branch))
        .routes(routes!(branch_study))
        .routes(routes!(create_group))
        .routes(routes!(rename_group))
        .routes(routes!(close_group))
        .routes(routes!(appoint))
        .routes(routes!(end_post))
        .routes(routes!(elect))
}

/// The id of what a `POST` made.
#[derive(Serialize)]
pub struct Created<T> {
    pub id: T,
}

/// `Created<T>` as the document shows it: every id is a UUID.
#[derive(utoipa::ToSchema)]
#[schema(as = Created)]
#[allow(dead_code)]
struct CreatedSchema {
    id: zhibu_model::Uuid,
}

/// An id in the path; one that is not a UUID names nothing.
pub fn path_id<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
    raw.parse().map_err(|_| AppError::not_found())
}

pub fn actor(me: &Me, addr: std::net::IpAddr) -> Actor {
    Actor::member(me.id, addr)
}

#[utoipa::path(
    get,
    path = "/v1/org",
    tag = "org",
    security(("session" = [])),
    responses(
        (status = 200, description = "OK", body = OrgTree),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
    ),
)]
async fn tree(
    State(state): State<AppState>,
    session: CurrentSession,
) -> Result<ApiJson<OrgTree>, AppError> {
    let role = OrgRole::of(&session.member)?;
    let mut tree = state.repo.org_tree().await?;
    if let Some(own) = role.own_branch() {
        // Other branches' names (a transfer's target), not their figures.
        for b in tree.branches.iter_mut().filter(|b| b.id != own) {
            b.members = 0;
        }
    }
    Ok(ApiJson(tree))
}

#[utoipa::path(
    post,
    path = "/v1/org/general-branches",
    tag = "org",
    request_body = GeneralBranchInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "Made: its id", body = CreatedSchema),
        (status = 403, description = "Not an administrator (`forbidden`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation: `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn create_general(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    ApiJson(input): ApiJson<GeneralBranchInput>,
) -> Result<(StatusCode, ApiJson<Created<GeneralBranchId>>), AppError> {
    OrgRole::of(&session.member)?.admin()?;
    let name = input.parse()?;
    let now = state.config.clock.now();
    let id = state
        .repo
        .create_general_branch(name.as_str(), &actor(&session.member, addr), now)
        .await?;
    Ok((StatusCode::CREATED, ApiJson(Created { id })))
}

#[utoipa::path(
    put,
    path = "/v1/org/general-branches/{id}",
    tag = "org",
    params(("id" = String, Path, description = "The general branch's id")),
    request_body = GeneralBranchInput,
    security(("session" = [])),
    responses(
        (status = 204, description = "Done"),
        (status = 403, description = "Not an administrator (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such general branch that the caller may see (`not_found`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation: `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn rename_general(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<GeneralBranchInput>,
) -> Result<StatusCode, AppError> {
    OrgRole::of(&session.member)?.admin()?;
    let general: GeneralBranchId = path_id(&id)?;
    let name = input.parse()?;
    let now = state.config.clock.now();
    state
        .repo
        .rename_general_branch(general, name.as_str(), &actor(&session.member, addr), now)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/v1/org/branches",
    tag = "org",
    request_body = BranchInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "Made: its id", body = CreatedSchema),
        (status = 403, description = "Not an administrator (`forbidden`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation: `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn create_branch(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    ApiJson(input): ApiJson<BranchInput>,
) -> Result<(StatusCode, ApiJson<Created<BranchId>>), AppError> {
    OrgRole::of(&session.member)?.admin()?;
    let (name, general) = input.parse()?;
    let now = state.config.clock.now();
    let id = state
        .repo
        .create_branch(name.as_str(), general, &actor(&session.member, addr), now)
        .await?;
    Ok((StatusCode::CREATED, ApiJson(Created { id })))
}

#[utoipa::path(
    put,
    path = "/v1/org/branches/{id}",
    tag = "org",
    params(("id" = String, Path, description = "The branch's id")),
    request_body = BranchInput,
    security(("session" = [])),
    responses(
        (status = 204, description = "Done"),
        (status = 403, description = "Not an administrator (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such branch that the caller may see (`not_found`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation, or the branch is closed (`branch_id` `immutable`): `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn update_branch(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<BranchInput>,
) -> Result<StatusCode, AppError> {
    OrgRole::of(&session.member)?.admin()?;
    let branch: BranchId = path_id(&id)?;
    let (name, general) = input.parse()?;
    let now = state.config.clock.now();
    state
        .repo
        .update_branch(
            branch,
            name.as_str(),
            general,
            &actor(&session.member, addr),
            now,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/v1/org/branches/{id}/close",
    tag = "org",
    params(("id" = String, Path, description = "The branch's id")),
    request_body = CloseInput,
    security(("session" = [])),
    responses(
        (status = 204, description = "Done"),
        (status = 403, description = "Not an administrator (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such branch that the caller may see (`not_found`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation, or the branch still has active members (`branch_id` `conflict`): `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn close_branch(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CloseInput>,
) -> Result<StatusCode, AppError> {
    OrgRole::of(&session.member)?.admin()?;
    let branch: BranchId = path_id(&id)?;
    let date = input.parse(state.config.clock.today())?;
    let now = state.config.clock.now();
    state
        .repo
        .close_branch(branch, date, &actor(&session.member, addr), now)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = "/v1/org/branches/{id}",
    tag = "org",
    params(("id" = String, Path, description = "The branch's id")),
    security(("session" = [])),
    responses(
        (status = 200, description = "OK", body = BranchDetail),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such branch that the caller may see (`not_found`)", body = zhibu_model::ApiError),
    ),
)]
async fn branch(
    State(state): State<AppState>,
    session: CurrentSession,
    Path(id): Path<String>,
) -> Result<ApiJson<BranchDetail>, AppError> {
    let role = OrgRole::of(&session.member)?;
    let branch: BranchId = path_id(&id)?;
    role.read(Some(branch))?;
    Ok(ApiJson(state.repo.branch_detail(branch).await?))
}

#[utoipa::path(
    get,
    path = "/v1/org/branches/{id}/study",
    tag = "org",
    params(("id" = String, Path, description = "The branch's id"), YearQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "OK", body = BranchStudyOverview),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such branch that the caller may see (`not_found`)", body = zhibu_model::ApiError),
        (status = 422, description = "`year` outside the years the portal keeps (`out_of_range`)", body = zhibu_model::ApiError),
    ),
)]
async fn branch_study(
    State(state): State<AppState>,
    session: CurrentSession,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<ApiJson<BranchStudyOverview>, AppError> {
    let role = OrgRole::of(&session.member)?;
    let branch: BranchId = path_id(&id)?;
    role.read(Some(branch))?;
    if state.repo.branch_is_closed(branch).await?.is_none() {
        return Err(AppError::not_found());
    }
    let today = state.config.clock.today();
    let year = q.year(today, StudyRecord::MIN_YEAR)?;
    Ok(ApiJson(
        crate::study::branch_overview(&state.repo, branch, year, today).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/v1/org/branches/{id}/groups",
    tag = "org",
    params(("id" = String, Path, description = "The branch's id")),
    request_body = GroupInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "Made: its id", body = CreatedSchema),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such branch that the caller may see (`not_found`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation: `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn create_group(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<GroupInput>,
) -> Result<(StatusCode, ApiJson<Created<PartyGroupId>>), AppError> {
    let role = OrgRole::of(&session.member)?;
    let branch: BranchId = path_id(&id)?;
    role.manage(Some(branch))?;
    let name = input.parse()?;
    let now = state.config.clock.now();
    let id = state
        .repo
        .create_group(branch, name.as_str(), &actor(&session.member, addr), now)
        .await?;
    Ok((StatusCode::CREATED, ApiJson(Created { id })))
}

async fn group_role(state: &AppState, me: &Me, id: &str) -> Result<PartyGroupId, AppError> {
    let role = OrgRole::of(me)?;
    let group: PartyGroupId = path_id(id)?;
    let (branch, _) = state
        .repo
        .group_branch(group)
        .await?
        .ok_or_else(AppError::not_found)?;
    role.manage(Some(branch))?;
    Ok(group)
}

#[utoipa::path(
    put,
    path = "/v1/org/groups/{id}",
    tag = "org",
    params(("id" = String, Path, description = "The 党小组's id")),
    request_body = GroupInput,
    security(("session" = [])),
    responses(
        (status = 204, description = "Done"),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such 党小组 that the caller may see (`not_found`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation: `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn rename_group(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<GroupInput>,
) -> Result<StatusCode, AppError> {
    let group = group_role(&state, &session.member, &id).await?;
    let name = input.parse()?;
    let now = state.config.clock.now();
    state
        .repo
        .rename_group(group, name.as_str(), &actor(&session.member, addr), now)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/v1/org/groups/{id}/close",
    tag = "org",
    params(("id" = String, Path, description = "The 党小组's id")),
    request_body(content = Object, content_type = "application/json", description = "`{}`: the body is not read, but every write is JSON"),
    security(("session" = [])),
    responses(
        (status = 204, description = "Done"),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such 党小组 that the caller may see (`not_found`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation: `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn close_group(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let group = group_role(&state, &session.member, &id).await?;
    let now = state.config.clock.now();
    let today = state.config.clock.today();
    state
        .repo
        .close_group(group, &actor(&session.member, addr), now, today)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The administrator for any post; a branch's secretary for its 党小组长 only.
fn may_handle_post(role: OrgRole, branch: BranchId, post: Post) -> Result<(), AppError> {
    role.manage(Some(branch))?;
    match role {
        OrgRole::Admin => Ok(()),
        _ if post == Post::GroupLeader => Ok(()),
        _ => Err(AppError::forbidden()),
    }
}

#[utoipa::path(
    post,
    path = "/v1/org/branches/{id}/posts",
    tag = "org",
    params(("id" = String, Path, description = "The branch's id")),
    request_body = AppointInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "Made: its id", body = CreatedSchema),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such branch that the caller may see (`not_found`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation: `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn appoint(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AppointInput>,
) -> Result<(StatusCode, ApiJson<Created<PostId>>), AppError> {
    let role = OrgRole::of(&session.member)?;
    let branch: BranchId = path_id(&id)?;
    role.read(Some(branch))?;
    let today = state.config.clock.today();
    let appointment = input.parse(today)?;
    may_handle_post(role, branch, appointment.post)?;
    let now = state.config.clock.now();
    let id = state
        .repo
        .appoint(
            branch,
            &appointment,
            &actor(&session.member, addr),
            now,
            today,
        )
        .await?;
    Ok((StatusCode::CREATED, ApiJson(Created { id })))
}

#[utoipa::path(
    post,
    path = "/v1/org/posts/{id}/end",
    tag = "org",
    params(("id" = String, Path, description = "The post's id")),
    request_body = EndPostInput,
    security(("session" = [])),
    responses(
        (status = 204, description = "Done"),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such post that the caller may see (`not_found`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation: `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn end_post(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<EndPostInput>,
) -> Result<StatusCode, AppError> {
    let role = OrgRole::of(&session.member)?;
    let post: PostId = path_id(&id)?;
    let (branch, what) = state
        .repo
        .post_branch(post)
        .await?
        .ok_or_else(AppError::not_found)?;
    may_handle_post(role, branch, what)?;
    let today = state.config.clock.today();
    let until = input.parse(today)?;
    let now = state.config.clock.now();
    state
        .repo
        .end_post(post, until, &actor(&session.member, addr), now, today)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/v1/org/branches/{id}/committee",
    tag = "org",
    params(("id" = String, Path, description = "The branch's id")),
    request_body = ElectionInput,
    security(("session" = [])),
    responses(
        (status = 204, description = "Done"),
        (status = 403, description = "Not an administrator (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such branch that the caller may see (`not_found`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation: `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn elect(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ElectionInput>,
) -> Result<StatusCode, AppError> {
    OrgRole::of(&session.member)?.admin()?;
    let branch: BranchId = path_id(&id)?;
    let today = state.config.clock.today();
    let (date, posts) = input.parse(today)?;
    let now = state.config.clock.now();
    state
        .repo
        .elect(
            branch,
            date,
            &posts,
            &actor(&session.member, addr),
            now,
            today,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
