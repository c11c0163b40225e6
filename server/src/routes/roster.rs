//! The caller's own branch's members:
//!
//! - `GET /api/v1/branch/roster`: id, display name, role and 党小组, so a talk record can
//!   name its counterparts and an event can pick a party group — offline too, from the
//!   phone's copy. Another branch's members are never listed; an account without a
//!   branch gets none.
//! - `PUT /api/v1/branch/members/{id}/party-group`: puts a member of the branch in a
//!   party group (secretary and committee; a member of another branch is not found).

use super::managed_branch;
use crate::AppState;
use crate::auth::{ClientAddr, CurrentSession};
use crate::clock::now_millis;
use crate::error::{ApiJson, AppError};
use axum::extract::{Path, State};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibu_model::account::RosterMember;
use zhibu_model::party_group::{PartyGroupAssigned, PartyGroupInput};
use zhibu_model::{MemberId, Role};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(roster))
        .routes(routes!(set_party_group))
}

#[utoipa::path(
    get,
    path = "/v1/branch/roster",
    tag = "branch",
    security(("session" = [])),
    responses(
        (status = 200, description = "The branch's members (none for an account without a branch)", body = Vec<RosterMember>),
    ),
)]
async fn roster(
    State(state): State<AppState>,
    session: CurrentSession,
) -> Result<ApiJson<Vec<RosterMember>>, AppError> {
    let Some(branch) = session.member.branch_id else {
        return Ok(ApiJson(Vec::new()));
    };
    let mut out = Vec::new();
    for (id, display_name, role, party_group) in state.repo.branch_roster(branch).await? {
        let role = Role::parse(&role)
            .ok_or_else(|| AppError::internal(format!("member {id}: role {role:?}")))?;
        out.push(RosterMember {
            id: id.parse().map_err(AppError::internal)?,
            display_name,
            role,
            party_group,
        });
    }
    Ok(ApiJson(out))
}

#[utoipa::path(
    put,
    path = "/v1/branch/members/{id}/party-group",
    tag = "branch",
    params(("id" = String, Path, description = "The member's id")),
    request_body = PartyGroupInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "Saved", body = PartyGroupAssigned),
        (status = 403, description = "Not the branch's secretary or committee (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such member of the branch that the caller may see (`not_found`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation: `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn set_party_group(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PartyGroupInput>,
) -> Result<ApiJson<PartyGroupAssigned>, AppError> {
    let me = &session.member;
    let branch = managed_branch(me)?;
    let member: MemberId = id.parse().map_err(|_| AppError::not_found())?;
    let group = input.parse()?;
    let found = state
        .repo
        .set_party_group(
            branch,
            member,
            group.as_ref(),
            &crate::repo::Actor::member(me.id, addr),
            now_millis(),
        )
        .await?;
    if !found {
        return Err(AppError::not_found());
    }
    Ok(ApiJson(PartyGroupAssigned {
        member_id: member,
        party_group: group.map(String::from),
    }))
}
