//! 意见建议 for the organisation's administrators (model `feedback.rs` states the design):
//!
//! - `GET /api/v1/org/feedback?status=sent|answered|closed&page=&per_page=` →
//!   `FeedbackPage`, newest first, every member's feedback with its answers.
//! - `POST /api/v1/org/feedback/{id}/reply {answer, close}` → the answer's `SyncRow`:
//!   written through the sync push as the administrator, with the asking member as its
//!   reader, so it reaches their phone on the next pull.
//!
//! Administrators only; everyone else is refused (403). Members send, read and see the
//! status of their own through sync (kinds `feedback`, `feedback_reply`).

use super::org::path_id;
use super::org_members::Paging;
use crate::AppState;
use crate::auth::CurrentSession;
use crate::error::{ApiJson, AppError};
use crate::org_access::OrgRole;
use crate::routes::RequestLang;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zhibu_model::feedback::{
    FeedbackItem, FeedbackPage, FeedbackReply, FeedbackReplyInput, FeedbackStatus, status,
};
use zhibu_model::sync::{OpOutcome, PushResponse, RecordData, RecordKind, SyncRow};
use zhibu_model::{ErrorCode, FieldError, Uuid};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(reply))
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    status: Option<String>,
    #[serde(flatten)]
    paging: Paging,
}

#[utoipa::path(
    get,
    path = "/v1/org/feedback",
    tag = "org",
    params(("status" = Option<String>, Query, description = "`sent`, `answered` or `closed`"), ("page" = Option<u32>, Query, minimum = 1, maximum = 1000000, description = "From 1 (default 1)"), ("per_page" = Option<u32>, Query, minimum = 1, maximum = 200, description = "1–200 (default 50)")),
    security(("session" = [])),
    responses(
        (status = 200, description = "Newest first", body = FeedbackPage),
        (status = 403, description = "Not an administrator (`forbidden`)", body = zhibu_model::ApiError),
        (status = 422, description = "A query parameter is out of range or unknown (`page`, `per_page`, `status`, …)", body = zhibu_model::ApiError),
    ),
)]
async fn list(
    State(state): State<AppState>,
    session: CurrentSession,
    Query(q): Query<ListQuery>,
) -> Result<ApiJson<FeedbackPage>, AppError> {
    OrgRole::of(&session.member)?.admin()?;
    let (page, per_page, offset) = q.paging.parse()?;
    let wanted = match q.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(
            FeedbackStatus::parse(s)
                .ok_or_else(|| FieldError::new("status", ErrorCode::InvalidFormat))?,
        ),
    };
    let (feedback, replies) = state.repo.feedback_records().await?;
    let mut answers: std::collections::HashMap<String, Vec<FeedbackReply>> = Default::default();
    for (feedback_id, body) in replies {
        if let Ok(RecordData::FeedbackReply(r)) = serde_json::from_str(&body) {
            answers.entry(feedback_id).or_default().push(r);
        }
    }
    let mut items = Vec::new();
    for f in feedback {
        let Ok(RecordData::Feedback(data)) = serde_json::from_str(&f.body) else {
            continue;
        };
        let replies = answers.remove(&f.id).unwrap_or_default();
        let item = FeedbackItem {
            id: f.id.parse().map_err(AppError::internal)?,
            member_id: f.owner_id.parse().map_err(AppError::internal)?,
            display_name: f.display_name,
            branch_name: f.branch_name,
            feedback: data,
            received_at: f.created_at,
            status: status(&replies),
            replies,
        };
        if wanted.is_none_or(|w| w == item.status) {
            items.push(item);
        }
    }
    let total = items.len() as u64;
    let items = items
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(per_page as usize)
        .collect();
    Ok(ApiJson(FeedbackPage {
        total,
        page,
        per_page,
        items,
    }))
}

#[utoipa::path(
    post,
    path = "/v1/org/feedback/{id}/reply",
    tag = "org",
    params(("id" = String, Path, description = "The feedback's record id")),
    request_body = FeedbackReplyInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "The answer as the asking member will pull it", body = SyncRow),
        (status = 403, description = "Not an administrator (`forbidden`)", body = zhibu_model::ApiError),
        (status = 404, description = "No such feedback that the caller may see (`not_found`)", body = zhibu_model::ApiError),
        (status = 422, description = "A field fails validation: `field` names it", body = zhibu_model::ApiError),
    ),
)]
async fn reply(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLang(lang): RequestLang,
    Path(id): Path<String>,
    ApiJson(mut input): ApiJson<FeedbackReplyInput>,
) -> Result<ApiJson<SyncRow>, AppError> {
    OrgRole::of(&session.member)?.admin()?;
    let feedback: Uuid = path_id(&id)?;
    let found = state.repo.record(&feedback.to_string()).await?;
    if !found.is_some_and(|r| r.kind == RecordKind::Feedback.as_str() && !r.deleted) {
        return Err(AppError::not_found());
    }
    input.feedback_id = Some(feedback);
    input.parse()?;
    let op = serde_json::json!({
        "op_id": Uuid::now_v7(),
        "record_id": Uuid::now_v7(),
        "kind": "feedback_reply_put",
        "record": input,
    });
    let raw = serde_json::value::to_raw_value(&op).map_err(AppError::internal)?;
    let now = state.config.clock.now();
    let answer = crate::sync::push(
        &state.repo,
        &state.pushes,
        &session.member,
        lang,
        &[raw],
        now,
    )
    .await?;
    let mut answer: PushResponse = serde_json::from_str(&answer).map_err(AppError::internal)?;
    match answer.results.pop().map(|r| r.outcome) {
        Some(OpOutcome::Applied { row }) => Ok(ApiJson(row)),
        Some(OpOutcome::Rejected { error }) => {
            Err(FieldError::new(error.field.as_deref().unwrap_or("answer"), error.code).into())
        }
        other => Err(AppError::internal(format!(
            "a new answer's push said {other:?}"
        ))),
    }
}
