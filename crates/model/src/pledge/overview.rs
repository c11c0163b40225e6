//! What the pledge endpoints answer: the verification of a signed version, and the
//! branch's signing and follow-through status for its secretary and committee.

use super::{PledgeKind, StatusCounts};
use crate::ids::MemberId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `GET /api/v1/pledges/{id}/verify`: the hash recomputed from the stored text against
/// the hash stored at signing. A draft has no stored hash and never matches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PledgeVerification {
    pub id: Uuid,
    pub matches: bool,
    pub stored_hash: Option<String>,
    pub computed_hash: String,
    /// The member's device clock at signing (unix ms).
    pub signed_at: Option<i64>,
    /// The server's clock when the signed version reached it (unix ms).
    pub received_at: Option<i64>,
}

/// `GET /api/v1/branch/pledges?year=`: per member (by name, never ranked), per template
/// of the year, whether they signed and how their commitments are followed through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BranchPledges {
    pub year: i32,
    pub templates: Vec<TemplateListed>,
    pub members: Vec<MemberPledges>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateListed {
    pub id: Uuid,
    pub kind: PledgeKind,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberPledges {
    pub member: MemberId,
    pub name: String,
    /// One per template, in `templates`' order.
    pub pledges: Vec<MemberPledgeStatus>,
}

/// A member's standing under one template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberPledgeStatus {
    pub template_id: Uuid,
    /// The current signed version (the latest not amended by another), if any.
    pub pledge_id: Option<Uuid>,
    pub signed_at: Option<i64>,
    pub received_at: Option<i64>,
    /// How many signed versions there are (more than one: amended).
    pub versions: u32,
    /// Commitment items of the current version (承诺践诺 only).
    pub items: u32,
    /// Progress entries per status on the current version.
    pub follow: StatusCounts,
}

impl MemberPledgeStatus {
    pub fn is_signed(&self) -> bool {
        self.pledge_id.is_some()
    }
}
