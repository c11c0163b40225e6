//! `GET /api/v1/branch/roster`: the members of the caller's own branch (id, display name,
//! role), so a talk record can name its counterparts — offline too, from the phone's copy.
//! Another branch's members are never listed; an account without a branch gets none.

use crate::AppState;
use crate::auth::CurrentSession;
use crate::error::{ApiJson, AppError};
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use zhibu_model::account::RosterMember;
use zhibu_model::{MemberId, Role};

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/branch/roster", get(roster))
}

async fn roster(
    State(state): State<AppState>,
    session: CurrentSession,
) -> Result<ApiJson<Vec<RosterMember>>, AppError> {
    let Some(branch) = session.member.branch_id else {
        return Ok(ApiJson(Vec::new()));
    };
    let mut out = Vec::new();
    for m in state.repo.branch_members(branch).await? {
        let id: MemberId = m.id.parse().map_err(AppError::internal)?;
        let role = Role::parse(&m.role)
            .ok_or_else(|| AppError::internal(format!("member {}: role {:?}", m.id, m.role)))?;
        out.push(RosterMember {
            id,
            display_name: m.display_name,
            role,
        });
    }
    Ok(ApiJson(out))
}
