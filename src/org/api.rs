//! The organisation endpoints (`/api/v1/org/…`) as the 管理 pages call them. Every one of
//! them needs the server: these pages change the roll of the organisation, which is never
//! edited offline (two administrators could not both be right).

use crate::api::{Error, body, get, post, put};
use serde::Deserialize;
use zhibu_model::branch_study::BranchStudyOverview;
use zhibu_model::feedback::{FeedbackPage, FeedbackReplyInput};
use zhibu_model::org::activation::IssuedCode;
use zhibu_model::org::member::{DeactivateInput, EditMemberInput, NewMemberInput, TransferInput};
use zhibu_model::org::roster::{ImportDone, ImportPreview, ImportRequest};
use zhibu_model::org::tree::{AppointInput, BranchInput, CloseInput, EndPostInput, GroupInput};
use zhibu_model::org::views::{BranchDetail, MemberCreated, MemberDetail, MemberPage, OrgTree};
use zhibu_model::{BranchId, Lang, MemberId, Uuid};

/// The `{id}` of what a POST made.
#[derive(Deserialize)]
pub struct Created {
    pub id: Uuid,
}

/// One line of the audit log, as `GET /api/v1/org/audit` sends it. `detail` is whatever
/// the action recorded (ids, names, dates): shown as it is, for the administrator.
#[derive(Clone, Debug, Deserialize)]
pub struct AuditEntry {
    pub id: String,
    pub at: i64,
    pub actor_name: Option<String>,
    pub addr: Option<String>,
    pub action: String,
    pub detail: serde_json::Value,
}

#[derive(Clone, Debug, Deserialize)]
pub struct AuditPage {
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub entries: Vec<AuditEntry>,
}

/// `{}`: every write is JSON, the ones without a body too.
#[derive(serde::Serialize)]
struct Nothing {}

const NOTHING: &Nothing = &Nothing {};

pub async fn tree(lang: Lang) -> Result<OrgTree, Error> {
    body(get("/api/v1/org", lang).await?).await
}

pub async fn create_branch(input: &BranchInput, lang: Lang) -> Result<Created, Error> {
    body(post("/api/v1/org/branches", input, lang).await?).await
}

pub async fn update_branch(id: BranchId, input: &BranchInput, lang: Lang) -> Result<(), Error> {
    put(&format!("/api/v1/org/branches/{id}"), input, lang).await?;
    Ok(())
}

pub async fn close_branch(id: BranchId, input: &CloseInput, lang: Lang) -> Result<(), Error> {
    post(&format!("/api/v1/org/branches/{id}/close"), input, lang).await?;
    Ok(())
}

pub async fn branch(id: BranchId, lang: Lang) -> Result<BranchDetail, Error> {
    body(get(&format!("/api/v1/org/branches/{id}"), lang).await?).await
}

pub async fn branch_study(
    id: BranchId,
    year: i32,
    lang: Lang,
) -> Result<BranchStudyOverview, Error> {
    let path = format!("/api/v1/org/branches/{id}/study?year={year}");
    body(get(&path, lang).await?).await
}

pub async fn create_group(
    branch: BranchId,
    input: &GroupInput,
    lang: Lang,
) -> Result<Created, Error> {
    body(
        post(
            &format!("/api/v1/org/branches/{branch}/groups"),
            input,
            lang,
        )
        .await?,
    )
    .await
}

pub async fn appoint(branch: BranchId, input: &AppointInput, lang: Lang) -> Result<Created, Error> {
    body(post(&format!("/api/v1/org/branches/{branch}/posts"), input, lang).await?).await
}

pub async fn end_post(post_id: Uuid, input: &EndPostInput, lang: Lang) -> Result<(), Error> {
    post(&format!("/api/v1/org/posts/{post_id}/end"), input, lang).await?;
    Ok(())
}

/// A page of the member search; `branch` and `status` empty for all.
pub async fn members(
    q: &str,
    branch: &str,
    status: &str,
    page: u32,
    per_page: u32,
    lang: Lang,
) -> Result<MemberPage, Error> {
    let path = format!(
        "/api/v1/org/members?q={}&branch_id={}&status={}&page={page}&per_page={per_page}",
        crate::router::encode(q),
        crate::router::encode(branch),
        crate::router::encode(status),
    );
    body(get(&path, lang).await?).await
}

pub async fn add_member(input: &NewMemberInput, lang: Lang) -> Result<MemberCreated, Error> {
    body(post("/api/v1/org/members", input, lang).await?).await
}

pub async fn member(id: MemberId, lang: Lang) -> Result<MemberDetail, Error> {
    body(get(&format!("/api/v1/org/members/{id}"), lang).await?).await
}

pub async fn edit_member(
    id: MemberId,
    input: &EditMemberInput,
    lang: Lang,
) -> Result<MemberDetail, Error> {
    body(put(&format!("/api/v1/org/members/{id}"), input, lang).await?).await
}

/// A new code: the member's password and sessions end.
pub async fn issue_code(id: MemberId, lang: Lang) -> Result<IssuedCode, Error> {
    let path = format!("/api/v1/org/members/{id}/activation-code");
    body(post(&path, NOTHING, lang).await?).await
}

/// New codes for every member of the branch who has not activated yet.
pub async fn branch_codes(branch: BranchId, lang: Lang) -> Result<Vec<IssuedCode>, Error> {
    let path = format!("/api/v1/org/branches/{branch}/activation-codes");
    body(post(&path, NOTHING, lang).await?).await
}

pub async fn transfer(id: MemberId, input: &TransferInput, lang: Lang) -> Result<(), Error> {
    post(&format!("/api/v1/org/members/{id}/transfer"), input, lang).await?;
    Ok(())
}

pub async fn deactivate(id: MemberId, input: &DeactivateInput, lang: Lang) -> Result<(), Error> {
    post(&format!("/api/v1/org/members/{id}/deactivate"), input, lang).await?;
    Ok(())
}

pub async fn preview_roster(input: &ImportRequest, lang: Lang) -> Result<ImportPreview, Error> {
    body(post("/api/v1/org/roster/preview", input, lang).await?).await
}

pub async fn import_roster(input: &ImportRequest, lang: Lang) -> Result<ImportDone, Error> {
    body(post("/api/v1/org/roster/import", input, lang).await?).await
}

/// A page of the audit log, of one action (empty: all).
pub async fn audit(page: u32, action: &str, lang: Lang) -> Result<AuditPage, Error> {
    let action = crate::router::encode(action);
    body(
        get(
            &format!("/api/v1/org/audit?page={page}&action={action}"),
            lang,
        )
        .await?,
    )
    .await
}

/// Feedback by status (`sent`, `answered`, `closed`; empty for all), newest first.
pub async fn feedback(status: &str, page: u32, lang: Lang) -> Result<FeedbackPage, Error> {
    let path = format!(
        "/api/v1/org/feedback?status={}&page={page}",
        crate::router::encode(status)
    );
    body(get(&path, lang).await?).await
}

pub async fn reply(id: Uuid, input: &FeedbackReplyInput, lang: Lang) -> Result<(), Error> {
    post(&format!("/api/v1/org/feedback/{id}/reply"), input, lang).await?;
    Ok(())
}

pub async fn create_general_branch(
    input: &zhibu_model::org::tree::GeneralBranchInput,
    lang: Lang,
) -> Result<Created, Error> {
    body(post("/api/v1/org/general-branches", input, lang).await?).await
}

pub async fn rename_general_branch(
    id: zhibu_model::ids::GeneralBranchId,
    input: &zhibu_model::org::tree::GeneralBranchInput,
    lang: Lang,
) -> Result<(), Error> {
    put(&format!("/api/v1/org/general-branches/{id}"), input, lang).await?;
    Ok(())
}

pub async fn rename_group(
    id: zhibu_model::ids::PartyGroupId,
    input: &GroupInput,
    lang: Lang,
) -> Result<(), Error> {
    put(&format!("/api/v1/org/groups/{id}"), input, lang).await?;
    Ok(())
}

/// Closes a 党小组 (its members are left without one).
pub async fn close_group(id: zhibu_model::ids::PartyGroupId, lang: Lang) -> Result<(), Error> {
    post(&format!("/api/v1/org/groups/{id}/close"), NOTHING, lang).await?;
    Ok(())
}

/// 换届: from the date the committee is exactly these posts.
pub async fn elect(
    branch: BranchId,
    input: &zhibu_model::org::tree::ElectionInput,
    lang: Lang,
) -> Result<(), Error> {
    post(
        &format!("/api/v1/org/branches/{branch}/committee"),
        input,
        lang,
    )
    .await?;
    Ok(())
}
