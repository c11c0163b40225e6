//! What the organisation endpoints answer (JSON), for the administrator's and the
//! secretary's pages. Dates are `YYYY-MM-DD`, times unix milliseconds.

use super::member::{Category, Gender, MemberStatus};
use super::post::Post;
use crate::ids::{GeneralBranchId, PartyGroupId, PostId};
use crate::{BranchId, MemberId, Role};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// `GET /api/v1/org`: the whole tree as the caller may see it (an administrator: all; a
/// branch's secretary or committee member: the organisation's and branches' names, so
/// a transfer can name its target, and their own branch's counts).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgTree {
    /// `None` before `zhibu-server admin init`.
    pub organisation: Option<String>,
    pub general_branches: Vec<GeneralBranchView>,
    pub branches: Vec<BranchSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneralBranchView {
    pub id: GeneralBranchId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BranchSummary {
    pub id: BranchId,
    pub name: String,
    pub general_branch_id: Option<GeneralBranchId>,
    /// Closed branches keep their history and take no more changes.
    pub closed_on: Option<NaiveDate>,
    /// Active members now.
    pub members: u32,
}

/// `GET /api/v1/org/branches/{id}`: a branch with its groups and every post, current
/// and past (换届 history), newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BranchDetail {
    pub branch: BranchSummary,
    pub groups: Vec<PartyGroupView>,
    pub posts: Vec<PostView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartyGroupView {
    pub id: PartyGroupId,
    pub branch_id: BranchId,
    pub name: String,
    /// Active members in it.
    pub members: u32,
    pub closed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostView {
    pub id: PostId,
    pub member_id: MemberId,
    pub display_name: String,
    pub branch_id: BranchId,
    pub post: Post,
    pub party_group_id: Option<PartyGroupId>,
    /// `None`: since before the portal knew.
    pub from: Option<NaiveDate>,
    /// Exclusive; `None`: still held.
    pub until: Option<NaiveDate>,
}

/// One row of `GET /api/v1/org/members` (search).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberSummary {
    pub id: MemberId,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub status: MemberStatus,
    pub branch_id: Option<BranchId>,
    pub branch_name: Option<String>,
    pub party_group: Option<String>,
    /// Has set a password (an account waiting for its activation code has not).
    pub activated: bool,
}

/// `GET /api/v1/org/members?q=&branch_id=&status=&page=&per_page=`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberPage {
    pub total: u64,
    /// From 1.
    pub page: u32,
    pub per_page: u32,
    pub members: Vec<MemberSummary>,
}

/// `GET /api/v1/org/members/{id}`: the roster entry, where they belonged when, and
/// their posts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberDetail {
    #[serde(flatten)]
    pub summary: MemberSummary,
    pub mobile: Option<String>,
    pub gender: Option<Gender>,
    pub born_on: Option<NaiveDate>,
    pub joined_party_on: Option<NaiveDate>,
    pub full_member_on: Option<NaiveDate>,
    pub category: Category,
    pub party_group_id: Option<PartyGroupId>,
    pub left_on: Option<NaiveDate>,
    pub memberships: Vec<MembershipView>,
    pub posts: Vec<PostView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MembershipView {
    pub branch_id: BranchId,
    pub branch_name: String,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

/// `POST /api/v1/org/members`: the new member and their first activation code (shown
/// once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberCreated {
    pub member: MemberDetail,
    pub activation: super::activation::IssuedCode,
}
