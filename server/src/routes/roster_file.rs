//! Roster files (model `org/roster.rs` states the import's rules):
//!
//! - `POST /api/v1/org/roster/preview {file_name, content_base64}` → `ImportPreview`:
//!   each row with what it will do (`add`, `existing`, `skip`), every problem by row,
//!   column and reason in the request's language, the columns ignored, the groups it
//!   would make, and the `hash` to confirm with. Writes nothing.
//! - `POST /api/v1/org/roster/import {file_name, content_base64, hash}` → `ImportDone`:
//!   writes exactly the previewed plan; if the file or the stored members changed since,
//!   the hash differs and nothing is written (`hash` `conflict`, 409).
//! - `GET /api/v1/org/roster.xlsx?branch_id=`, `GET /api/v1/org/roster.csv?branch_id=`:
//!   the active members with the import's headers (CSV in UTF-8 with BOM), so an export
//!   imports again as "existing".
//!
//! Import: the administrator. Export: the administrator (all branches, or one), a
//! branch's secretary and committee (their own branch).

use super::org::actor;
use crate::AppState;
use crate::auth::{ClientAddr, CurrentSession};
use crate::error::{ApiJson, AppError};
use crate::org_access::OrgRole;
use crate::roster_file::{self, Plan};
use crate::routes::RequestLang;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibu_model::org::member::parse_id;
use zhibu_model::org::roster::{ImportDone, ImportPreview, ImportRequest};
use zhibu_model::{BranchId, ErrorCode, FieldError, Lang};

/// The import routes (their bodies carry whole files: see `crate::app` for the limit).
pub fn import_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(preview))
        .routes(routes!(import))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export_xlsx))
        .routes(routes!(export_csv))
}

/// A file's bytes in the document: OpenAPI 3.1 leaves raw bytes untyped, named by their
/// media type alone (`Vec<u8>` would read as a JSON array of numbers).
struct Binary;

impl utoipa::PartialSchema for Binary {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::SchemaType::AnyValue)
            .description(Some("The file's bytes"))
            .build()
            .into()
    }
}

impl utoipa::ToSchema for Binary {}

/// The largest import body: the file as base64 and a little JSON.
pub const IMPORT_BODY_LIMIT: usize = roster_file::MAX_FILE_BYTES / 3 * 4 + 64 * 1024;

async fn make_plan(
    state: &AppState,
    request: &ImportRequest,
    lang: Lang,
) -> Result<Plan, AppError> {
    if request.content_base64.trim().is_empty() {
        return Err(FieldError::new("file", ErrorCode::Required).into());
    }
    let bytes = STANDARD
        .decode(request.content_base64.trim())
        .map_err(|_| FieldError::new("file", ErrorCode::InvalidFormat))?;
    let sheet = roster_file::read(&request.file_name, &bytes)?;
    let today = state.config.clock.today();
    let known = state.repo.import_snapshot(today).await?;
    Ok(roster_file::plan(&bytes, &sheet, &known, today, lang))
}

#[utoipa::path(
    post,
    path = "/v1/org/roster/preview",
    tag = "org",
    request_body = ImportRequest,
    security(("session" = [])),
    responses(
        (status = 200, description = "What the import would do; nothing written", body = ImportPreview),
        (status = 403, description = "Not an administrator (`forbidden`)", body = zhibu_model::ApiError),
        (status = 422, description = "The file is missing, not base64, or not a readable roster (`file`): `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn preview(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLang(lang): RequestLang,
    ApiJson(request): ApiJson<ImportRequest>,
) -> Result<ApiJson<ImportPreview>, AppError> {
    OrgRole::of(&session.member)?.admin()?;
    let plan = make_plan(&state, &request, lang).await?;
    Ok(ApiJson(plan.preview))
}

#[utoipa::path(
    post,
    path = "/v1/org/roster/import",
    tag = "org",
    request_body = ImportRequest,
    security(("session" = [])),
    responses(
        (status = 200, description = "Written as previewed", body = ImportDone),
        (status = 403, description = "Not an administrator (`forbidden`)", body = zhibu_model::ApiError),
        (status = 409, description = "The file or the members changed since the preview (`hash` `conflict`): preview again", body = zhibu_model::ApiError),
        (status = 422, description = "The file or `hash` is missing or unreadable: `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn import(
    State(state): State<AppState>,
    session: CurrentSession,
    ClientAddr(addr): ClientAddr,
    RequestLang(lang): RequestLang,
    ApiJson(request): ApiJson<ImportRequest>,
) -> Result<ApiJson<ImportDone>, AppError> {
    OrgRole::of(&session.member)?.admin()?;
    if request.hash.trim().is_empty() {
        return Err(FieldError::new("hash", ErrorCode::Required).into());
    }
    let plan = make_plan(&state, &request, lang).await?;
    if plan.preview.hash != request.hash.trim() {
        return Err(conflict_on_hash());
    }
    let now = state.config.clock.now();
    let today = state.config.clock.today();
    if !plan.adds.is_empty() {
        match state
            .repo
            .import_roster(
                &plan.new_groups,
                &plan.adds,
                &plan.preview.hash,
                &actor(&session.member, addr),
                now,
                today,
            )
            .await
        {
            Ok(()) => {}
            Err(crate::repo::RepoError::Field(_)) => {
                return Err(conflict_on_hash());
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(ApiJson(ImportDone {
        added: plan.preview.add,
        existing: plan.preview.existing,
        skipped: plan.preview.skip,
    }))
}

/// 409 naming `hash`: the preview is out of date.
fn conflict_on_hash() -> AppError {
    AppError::FieldStatus(
        StatusCode::CONFLICT,
        FieldError::new("hash", ErrorCode::Conflict),
    )
}

#[derive(Deserialize)]
struct ExportQuery {
    branch_id: Option<String>,
}

async fn export_lines(
    state: &AppState,
    session: &CurrentSession,
    q: &ExportQuery,
) -> Result<Vec<roster_file::ExportLine>, AppError> {
    let role = OrgRole::of(&session.member)?;
    let asked: Option<BranchId> = parse_id("branch_id", q.branch_id.as_deref().unwrap_or(""))?;
    let branch = role.own_branch().or(asked);
    role.read(branch.or(role.own_branch()))?;
    Ok(state
        .repo
        .export_lines(branch, state.config.clock.today())
        .await?)
}

fn attachment(name: &str) -> String {
    format!("attachment; filename=\"roster.{name}\"; filename*=UTF-8''%E5%90%8D%E5%86%8C.{name}")
}

#[utoipa::path(
    get,
    path = "/v1/org/roster.xlsx",
    tag = "org",
    params(("branch_id" = Option<String>, Query, description = "One branch (administrators; others get their own)")),
    security(("session" = [])),
    responses(
        (status = 200, description = "The active members as a spreadsheet", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = inline(Binary)),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
        (status = 422, description = "`branch_id` is not an id", body = zhibu_model::ApiError),
    ),
)]
async fn export_xlsx(
    State(state): State<AppState>,
    session: CurrentSession,
    Query(q): Query<ExportQuery>,
) -> Result<impl IntoResponse, AppError> {
    let lines = export_lines(&state, &session, &q).await?;
    let bytes = roster_file::write_xlsx(&lines).map_err(AppError::Internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, attachment("xlsx")),
        ],
        bytes,
    ))
}

#[utoipa::path(
    get,
    path = "/v1/org/roster.csv",
    tag = "org",
    params(("branch_id" = Option<String>, Query, description = "One branch (administrators; others get their own)")),
    security(("session" = [])),
    responses(
        (status = 200, description = "The active members as CSV (UTF-8 with BOM)", content_type = "text/csv", body = String),
        (status = 403, description = "The caller's role may not do this here (`forbidden`)", body = zhibu_model::ApiError),
        (status = 422, description = "`branch_id` is not an id", body = zhibu_model::ApiError),
    ),
)]
async fn export_csv(
    State(state): State<AppState>,
    session: CurrentSession,
    Query(q): Query<ExportQuery>,
) -> Result<impl IntoResponse, AppError> {
    let lines = export_lines(&state, &session, &q).await?;
    let bytes = roster_file::write_csv(&lines).map_err(AppError::Internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, attachment("csv")),
        ],
        bytes,
    ))
}
