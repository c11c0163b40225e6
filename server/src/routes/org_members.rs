//! Members over their life and the audit log (issue 19). Who may call what is in
//! `org_access.rs`; bodies are the model's (`org/member.rs`), answers `org/views.rs`.
//!
//! - `GET /api/v1/org/members?q=&branch_id=&status=&page=&per_page=` → `MemberPage`:
//!   by name in pinyin order, `q` part of a name or login, `status` one of `active` (default),
//!   `transferred_out`, `stopped`, `deceased`, `all`; `per_page` 1–200 (default 50). A
//!   secretary or committee member gets their own branch whatever `branch_id` says.
//! - `POST /api/v1/org/members` (`NewMemberInput`) → 201 `MemberCreated` with the
//!   member's first activation code, shown once (administrator: any open branch; a
//!   secretary: their own).
//! - `GET /api/v1/org/members/{id}` → `MemberDetail` (administrator; the member's
//!   branch's secretary and committee; the member themself).
//! - `PUT /api/v1/org/members/{id}` (`EditMemberInput`) → `MemberDetail`.
//! - `POST /api/v1/org/members/{id}/activation-code` → `IssuedCode`: a forgotten
//!   password; the member's password and every session end.
//! - `POST /api/v1/org/branches/{id}/activation-codes` → `[IssuedCode]`: a code for
//!   every active member of the branch who has not activated yet (after a roster
//!   import, for one printed list), by name in pinyin order; those with a password keep
//!   it (administrator; the branch's secretary).
//! - `POST /api/v1/org/members/{id}/transfer {branch_id, date, party_group_id}`:
//!   组织关系转接 inside the organisation (the source branch's secretary may transfer out).
//! - `POST /api/v1/org/members/{id}/deactivate {leave_reason, date}`: 转出 outside the
//!   organisation, 停止党籍, 去世.
//! - `GET /api/v1/org/audit?actor_id=&subject_id=&action=&from=&until=&page=&per_page=`
//!   (administrator) → `{total, page, per_page, entries: [{id, at, actor_id, actor_name,
//!   addr, action, subject_id, detail}]}`, newest first; `from`/`until` unix ms.
//!
//! Everything but the reads is audited with actor and address, in the change's
//! transaction.

use super::org::{actor, path_id};
use crate::AppState;
use crate::auth::activation::{expires_at, new_code};
use crate::auth::{ClientAddr, CurrentSession};
use crate::error::{ApiJson, AppError};
use crate::org_access::OrgRole;
use crate::repo::{AuditFilter, MemberSearch, NewRosterMember};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibu_model::org::IssuedCode;
use zhibu_model::org::member::{
    DeactivateInput, EditMemberInput, MemberStatus, NewMemberInput, TransferInput, parse_id,
};
use zhibu_model::org::views::{MemberCreated, MemberDetail, MemberPage};
use zhibu_model::{BranchId, ErrorCode, FieldError, MemberId, Role};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search, add))
        .routes(routes!(detail, edit))
        .routes(routes!(issue_code))
        .routes(routes!(issue_branch_codes))
        .routes(routes!(transfer))
        .routes(routes!(deactivate))
        .routes(routes!(audit))
}

pub const PER_PAGE: u32 = 50;
pub const MAX_PER_PAGE: u32 = 200;

/// `?page=&per_page=`: pages from 1; bad values are field errors.
#[derive(Debug, Default, Deserialize)]
pub struct Paging {
    page: Option<String>,
    per_page: Option<String>,
}

impl Paging {
    /// `(page, per_page, offset)`.
    pub fn parse(&self) -> Result<(u32, u32, i64), FieldError> {
        let number = |field: &str, raw: &Option<String>, default: u32, max: u32| match raw {
            None => Ok(default),
            Some(s) => match s.trim().parse::<u32>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(FieldError::new(field, ErrorCode::OutOfRange)),
            },
        };
        let page = number("page", &self.page, 1, 1_000_000)?;
        let per_page = number("per_page", &self.per_page, PER_PAGE, MAX_PER_PAGE)?;
        Ok((page, per_page, i64::from(page - 1) * i64::from(per_page)))
    }
}

#[derive(Debug, Deserialize)]
struct SearchQuery {
    q: Option<String>,
    branch_id: Option<String>,
    status: Option<String>,
    #[serde(flatten)]
    paging: Paging,
}

#[utoipa::path(
    get,
    path = "/v1/org/members",
    tag = "org",
    params(("q" = Option<String>, Query, description = "Part of a name or login (at most 64 characters)"), ("branch_id" = Option<String>, Query, description = "A branch (administrators; others get their own)"), ("status" = Option<String>, Query, description = "`active` (default), `transferred_out`, `stopped`, `deceased` or `all`"), ("page" = Option<u32>, Query, minimum = 1, maximum = 1000000, description = "From 1 (default 1)"), ("per_page" = Option<u32>, Query, minimum = 1, maximum = 200, description = "1–200 (default 50)")),
    security(("session" = [])),
    responses(
        (status = 200, description = "OK", body = MemberPage),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
        (status = 422, description = "A query parameter is out of range or unknown (`page`, `per_page`, `status`, …)", body = zhibu_model::ApiError),
    ),
)]
async fn search(
    State(state): State<AppState>,
    session: CurrentSession,
    Query(query): Query<SearchQuery>,
) -> Result<ApiJson<MemberPage>, AppError> {
    let role = OrgRole::of(&session.member)?;
    let (page, per_page, offset) = query.paging.parse()?;
    let asked: Option<BranchId> = parse_id("branch_id", query.branch_id.as_deref().unwrap_or(""))?;
    let branch = role.own_branch().or(asked);
    let status = match query.status.as_deref().map(str::trim) {
        None | Some("") => Some(MemberStatus::Active),
        Some("all") => None,
        Some(s) => Some(
            MemberStatus::parse(s)
                .ok_or_else(|| FieldError::new("status", ErrorCode::InvalidFormat))?,
        ),
    };
    let q = query.q.filter(|q| !q.trim().is_empty());
    if q.as_ref().is_some_and(|q| q.chars().count() > 64) {
        return Err(FieldError::with_limit("q", ErrorCode::TooLong, 64).into());
    }
    let (total, members) = state
        .repo
        .search_members(&MemberSearch {
            q,
            branch,
            status,
            limit: i64::from(per_page),
            offset,
        })
        .await?;
    Ok(ApiJson(MemberPage {
        total: u64::try_from(total).unwrap_or_default(),
        page,
        per_page,
        members,
    }))
}

#[utoipa::path(
    post,
    path = "/v1/org/members",
    tag = "org",
    request_body = NewMemberInput,
    security(("session" = [])),
    responses(
        (status = 201, description = "Added, with the first activation code (shown once)", body = MemberCreated),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation, the login is taken, or the branch is not the caller's (`branch_id` `forbidden`): `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn add(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    ApiJson(input): ApiJson<NewMemberInput>,
) -> Result<(StatusCode, ApiJson<MemberCreated>), AppError> {
    let role = OrgRole::of(&session.member)?;
    let today = state.config.clock.today();
    let person = input.person.parse(today)?;
    let login = input.login()?;
    let branch: BranchId = parse_id("branch_id", &input.branch_id)?
        .or(role.own_branch())
        .ok_or_else(|| FieldError::new("branch_id", ErrorCode::Required))?;
    if role.manage(Some(branch)).is_err() {
        return Err(match role {
            OrgRole::Committee(_) => AppError::forbidden(),
            _ => FieldError::new("branch_id", ErrorCode::Forbidden).into(),
        });
    }
    let group = parse_id("party_group_id", &input.party_group_id)?;
    let member = NewRosterMember {
        id: MemberId::new(),
        login: login.as_str().to_owned(),
        person,
        branch,
        group,
        post: None,
    };
    let now = state.config.clock.now();
    let (code, hash) = new_code();
    let expires = expires_at(now);
    state
        .repo
        .add_member(
            &member,
            (&hash, expires),
            &actor(&session.member, addr),
            now,
            today,
        )
        .await?;
    let detail = state.repo.member_detail(member.id).await?;
    let activation = IssuedCode {
        member_id: member.id,
        login: detail.summary.login.clone(),
        display_name: detail.summary.display_name.clone(),
        code: code.grouped(),
        expires_at: expires,
    };
    Ok((
        StatusCode::CREATED,
        ApiJson(MemberCreated {
            member: detail,
            activation,
        }),
    ))
}

/// The member in the path, if the caller may read them; for changes, if they may manage
/// them. Administrators' accounts are the administrators' alone.
async fn target(
    state: &AppState,
    session: &CurrentSession,
    id: &str,
    change: bool,
) -> Result<MemberId, AppError> {
    let member: MemberId = path_id(id)?;
    let me = &session.member;
    if !change && member == me.id {
        // A member reads their own entry.
        return Ok(member);
    }
    let role = OrgRole::of(me)?;
    let row = state
        .repo
        .person(member)
        .await?
        .ok_or_else(AppError::not_found)?;
    let (_, branch, their_role) = row.place()?;
    if their_role == Role::Admin {
        role.admin()?;
    } else if change {
        role.manage(branch)?;
    } else {
        role.read(branch)?;
    }
    Ok(member)
}

#[utoipa::path(
    get,
    path = "/v1/org/members/{id}",
    tag = "org",
    params(("id" = String, Path, description = "The member's id")),
    security(("session" = [])),
    responses(
        (status = 200, description = "OK", body = MemberDetail),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such member that the caller may see (`not_found`)", body = zhibu_model::ApiError),
    ),
)]
async fn detail(
    State(state): State<AppState>,
    session: CurrentSession,
    Path(id): Path<String>,
) -> Result<ApiJson<MemberDetail>, AppError> {
    let member = target(&state, &session, &id, false).await?;
    Ok(ApiJson(state.repo.member_detail(member).await?))
}

#[utoipa::path(
    put,
    path = "/v1/org/members/{id}",
    tag = "org",
    params(("id" = String, Path, description = "The member's id")),
    request_body = EditMemberInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "Saved", body = MemberDetail),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such member that the caller may see (`not_found`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation: `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn edit(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<EditMemberInput>,
) -> Result<ApiJson<MemberDetail>, AppError> {
    let member = target(&state, &session, &id, true).await?;
    let person = input.person.parse(state.config.clock.today())?;
    let group = parse_id("party_group_id", &input.party_group_id)?;
    let now = state.config.clock.now();
    state
        .repo
        .edit_member(member, &person, group, &actor(&session.member, addr), now)
        .await?;
    Ok(ApiJson(state.repo.member_detail(member).await?))
}

#[utoipa::path(
    post,
    path = "/v1/org/members/{id}/activation-code",
    tag = "org",
    params(("id" = String, Path, description = "The member's id")),
    request_body(content = Object, content_type = "application/json", description = "`{}`: the body is not read, but every write is JSON"),
    security(("session" = [])),
    responses(
        (status = 200, description = "A new activation code; the password and every session ended", body = IssuedCode),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such member that the caller may see (`not_found`)", body = zhibu_model::ApiError),
    ),
)]
async fn issue_code(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
) -> Result<ApiJson<IssuedCode>, AppError> {
    let member = target(&state, &session, &id, true).await?;
    let now = state.config.clock.now();
    let (code, hash) = new_code();
    let expires = expires_at(now);
    state
        .repo
        .issue_code(member, &hash, &actor(&session.member, addr), now, expires)
        .await?;
    let summary = state.repo.member_detail(member).await?.summary;
    Ok(ApiJson(IssuedCode {
        member_id: member,
        login: summary.login,
        display_name: summary.display_name,
        code: code.grouped(),
        expires_at: expires,
    }))
}

#[utoipa::path(
    post,
    path = "/v1/org/branches/{id}/activation-codes",
    tag = "org",
    params(("id" = String, Path, description = "The branch's id")),
    request_body(content = Object, content_type = "application/json", description = "`{}`: the body is not read, but every write is JSON"),
    security(("session" = [])),
    responses(
        (status = 200, description = "A new code for each active member who has not activated yet, by name in pinyin order (empty when there is none); members with a password keep it", body = [IssuedCode]),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such branch that the caller may see (`not_found`)", body = zhibu_model::ApiError),
        (status = 422, description = "The branch is closed (`branch_id` `immutable`)", body = zhibu_model::ApiError),
    ),
)]
async fn issue_branch_codes(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
) -> Result<ApiJson<Vec<IssuedCode>>, AppError> {
    let role = OrgRole::of(&session.member)?;
    let branch: BranchId = path_id(&id)?;
    role.manage(Some(branch))?;
    let now = state.config.clock.now();
    let expires = expires_at(now);
    let issued = state
        .repo
        .issue_branch_codes(
            branch,
            new_code,
            &actor(&session.member, addr),
            now,
            expires,
        )
        .await?;
    Ok(ApiJson(
        issued
            .into_iter()
            .map(|(code, member)| IssuedCode {
                member_id: member.id,
                login: member.login,
                display_name: member.display_name,
                code: code.grouped(),
                expires_at: expires,
            })
            .collect(),
    ))
}

#[utoipa::path(
    post,
    path = "/v1/org/members/{id}/transfer",
    tag = "org",
    params(("id" = String, Path, description = "The member's id")),
    request_body = TransferInput,
    security(("session" = [])),
    responses(
        (status = 204, description = "Done"),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such member that the caller may see (`not_found`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation: `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn transfer(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<TransferInput>,
) -> Result<StatusCode, AppError> {
    let member = target(&state, &session, &id, true).await?;
    let today = state.config.clock.today();
    let (to, date, group) = input.parse(today)?;
    let now = state.config.clock.now();
    state
        .repo
        .transfer(
            member,
            to,
            date,
            group,
            &actor(&session.member, addr),
            now,
            today,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/v1/org/members/{id}/deactivate",
    tag = "org",
    params(("id" = String, Path, description = "The member's id")),
    request_body = DeactivateInput,
    security(("session" = [])),
    responses(
        (status = 204, description = "Done"),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such member that the caller may see (`not_found`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation: `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn deactivate(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DeactivateInput>,
) -> Result<StatusCode, AppError> {
    let member = target(&state, &session, &id, true).await?;
    let (status, date) = input.parse(state.config.clock.today())?;
    let now = state.config.clock.now();
    state
        .repo
        .deactivate(member, status, date, &actor(&session.member, addr), now)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
struct AuditQuery {
    actor_id: Option<String>,
    subject_id: Option<String>,
    action: Option<String>,
    from: Option<i64>,
    until: Option<i64>,
    #[serde(flatten)]
    paging: Paging,
}

#[derive(Serialize, utoipa::ToSchema)]
struct AuditEntry {
    id: String,
    at: i64,
    actor_id: Option<String>,
    actor_name: Option<String>,
    addr: Option<String>,
    action: String,
    subject_id: Option<String>,
    #[schema(value_type = Object)]
    detail: serde_json::Value,
}

#[derive(Serialize, utoipa::ToSchema)]
struct AuditPage {
    total: u64,
    page: u32,
    per_page: u32,
    entries: Vec<AuditEntry>,
}

#[utoipa::path(
    get,
    path = "/v1/org/audit",
    tag = "org",
    params(("actor_id" = Option<String>, Query), ("subject_id" = Option<String>, Query), ("action" = Option<String>, Query), ("from" = Option<i64>, Query, description = "Unix milliseconds"), ("until" = Option<i64>, Query, description = "Unix milliseconds"), ("page" = Option<u32>, Query, minimum = 1, maximum = 1000000, description = "From 1 (default 1)"), ("per_page" = Option<u32>, Query, minimum = 1, maximum = 200, description = "1–200 (default 50)")),
    security(("session" = [])),
    responses(
        (status = 200, description = "Newest first", body = AuditPage),
        (status = 403, description = "Not an administrator (`forbidden`)", body = zhibu_model::ApiError),
        (status = 422, description = "A query parameter is out of range or unknown (`page`, `per_page`, `status`, …)", body = zhibu_model::ApiError),
    ),
)]
async fn audit(
    State(state): State<AppState>,
    session: CurrentSession,
    Query(query): Query<AuditQuery>,
) -> Result<ApiJson<AuditPage>, AppError> {
    OrgRole::of(&session.member)?.admin()?;
    let (page, per_page, offset) = query.paging.parse()?;
    let nonempty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let filter = AuditFilter {
        actor: nonempty(query.actor_id),
        subject: nonempty(query.subject_id),
        action: nonempty(query.action),
        from: query.from,
        until: query.until,
    };
    let (total, rows) = state
        .repo
        .audit_page(&filter, i64::from(per_page), offset)
        .await?;
    let entries = rows
        .into_iter()
        .map(|r| AuditEntry {
            detail: serde_json::from_str(&r.detail).unwrap_or(serde_json::Value::Null),
            id: r.id,
            at: r.at,
            actor_id: r.actor_id,
            actor_name: r.actor_name,
            addr: r.addr,
            action: r.action,
            subject_id: r.subject_id,
        })
        .collect();
    Ok(ApiJson(AuditPage {
        total: u64::try_from(total).unwrap_or_default(),
        page,
        per_page,
        entries,
    }))
}
