//! Who may do what in the organisation (issue 19): the administrator everything; a
//! branch's secretary (书记, 副书记) their own branch's members (add, edit, activation
//! codes, transfer out, deactivate), its party groups and their leaders; its committee
//! members read; a member themself (`GET /api/v1/org/members/{own id}`).
//!
//! Refusals follow the rest of the API: a plain member is refused (403) before anything
//! is read; something of another branch is not found (404), as if it did not exist; a
//! committee member who may read but not change is refused (403).

use crate::error::AppError;
use zhibu_model::{BranchId, Me, Role};

/// What the caller is in the organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrgRole {
    Admin,
    Secretary(BranchId),
    Committee(BranchId),
}

impl OrgRole {
    /// The caller's organisation role; plain members (and anyone outside a branch but the
    /// administrators) are refused.
    pub fn of(me: &Me) -> Result<Self, AppError> {
        match (me.role, me.branch_id) {
            (Role::Admin, _) => Ok(OrgRole::Admin),
            (Role::Secretary, Some(b)) => Ok(OrgRole::Secretary(b)),
            (Role::Committee, Some(b)) => Ok(OrgRole::Committee(b)),
            _ => Err(AppError::forbidden()),
        }
    }

    pub fn admin(self) -> Result<(), AppError> {
        match self {
            OrgRole::Admin => Ok(()),
            _ => Err(AppError::forbidden()),
        }
    }

    /// The branch a secretary or committee member is confined to; `None` for the
    /// administrator.
    pub fn own_branch(self) -> Option<BranchId> {
        match self {
            OrgRole::Admin => None,
            OrgRole::Secretary(b) | OrgRole::Committee(b) => Some(b),
        }
    }

    /// May read `branch` (its members, groups, posts); another branch is not found.
    pub fn read(self, branch: Option<BranchId>) -> Result<(), AppError> {
        match self.own_branch() {
            None => Ok(()),
            Some(own) if branch == Some(own) => Ok(()),
            Some(_) => Err(AppError::not_found()),
        }
    }

    /// May change `branch`'s members and groups: the administrator, or its secretary. A
    /// committee member reads but is refused; another branch is not found.
    pub fn manage(self, branch: Option<BranchId>) -> Result<(), AppError> {
        self.read(branch)?;
        match self {
            OrgRole::Committee(_) => Err(AppError::forbidden()),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhibu_model::MemberId;

    fn me(role: Role, branch: Option<BranchId>) -> Me {
        Me {
            id: MemberId::new(),
            login: "x".into(),
            display_name: "x".into(),
            role,
            branch_id: branch,
            branch_name: None,
            joined_party_on: None,
        }
    }

    #[test]
    fn each_role_reaches_its_own_branch_only() {
        let (a, b) = (BranchId::new(), BranchId::new());
        assert!(OrgRole::of(&me(Role::Member, Some(a))).is_err());
        let admin = OrgRole::of(&me(Role::Admin, None)).unwrap();
        assert!(admin.manage(Some(b)).is_ok() && admin.admin().is_ok());
        let sec = OrgRole::of(&me(Role::Secretary, Some(a))).unwrap();
        assert!(sec.manage(Some(a)).is_ok());
        assert!(sec.read(Some(b)).is_err() && sec.admin().is_err());
        let com = OrgRole::of(&me(Role::Committee, Some(a))).unwrap();
        assert!(com.read(Some(a)).is_ok());
        assert!(com.manage(Some(a)).is_err());
    }
}
