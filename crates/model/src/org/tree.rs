//! The tree's forms: branches (党支部) under the organisation or a general branch (党总支),
//! their party groups (党小组), and posts with dates.

use super::member::{parse_date, parse_id, party_founded, required_date};
use super::post::Post;
use crate::MemberId;
use crate::error::{ErrorCode, FieldError};
use crate::ids::{GeneralBranchId, PartyGroupId};
use crate::party_group::PartyGroup;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The name of the organisation, a general branch or a branch: trimmed, one line.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct UnitName(String);

impl UnitName {
    pub const MAX: u32 = 60;

    pub fn parse_field(field: &str, raw: &str) -> Result<Self, FieldError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(FieldError::new(field, ErrorCode::Required));
        }
        if name.chars().count() > Self::MAX as usize {
            return Err(FieldError::with_limit(field, ErrorCode::TooLong, Self::MAX));
        }
        crate::text::refuse_controls(field, name, crate::text::Lines::One)?;
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for UnitName {
    type Error = FieldError;
    fn try_from(raw: String) -> Result<Self, FieldError> {
        Self::parse_field("name", &raw)
    }
}

impl From<UnitName> for String {
    fn from(n: UnitName) -> String {
        n.0
    }
}

/// `POST /api/v1/org/general-branches`, `PUT /api/v1/org/general-branches/{id}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneralBranchInput {
    #[serde(default)]
    pub name: String,
}

impl GeneralBranchInput {
    pub fn parse(&self) -> Result<UnitName, FieldError> {
        UnitName::parse_field("name", &self.name)
    }
}

/// `POST /api/v1/org/branches`, `PUT /api/v1/org/branches/{id}`: its name and, if it is
/// under one, its general branch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BranchInput {
    #[serde(default)]
    pub name: String,
    /// Empty: directly under the organisation.
    #[serde(default)]
    pub general_branch_id: String,
}

impl BranchInput {
    pub fn parse(&self) -> Result<(UnitName, Option<GeneralBranchId>), FieldError> {
        let name = UnitName::parse_field("name", &self.name)?;
        let general = parse_id("general_branch_id", &self.general_branch_id)?;
        Ok((name, general))
    }
}

/// `POST /api/v1/org/branches/{id}/close`: from which day it takes no more changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CloseInput {
    #[serde(default)]
    pub date: String,
}

impl CloseInput {
    pub fn parse(&self, today: NaiveDate) -> Result<NaiveDate, FieldError> {
        required_date("date", &self.date, today)
    }
}

/// `POST /api/v1/org/branches/{id}/groups`, `PUT /api/v1/org/groups/{id}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupInput {
    #[serde(default)]
    pub name: String,
}

impl GroupInput {
    pub fn parse(&self) -> Result<PartyGroup, FieldError> {
        PartyGroup::parse_field("name", &self.name)
    }
}

/// `POST /api/v1/org/branches/{id}/posts`: a member of the branch takes a post from a
/// date (not in the future; absent: today). A 党小组长 names their group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppointInput {
    #[serde(default)]
    pub member_id: String,
    #[serde(default)]
    pub post: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub party_group_id: String,
}

/// An appointment, valid in itself (the server checks it against the branch).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Appointment {
    pub member_id: MemberId,
    pub post: Post,
    pub from: NaiveDate,
    pub party_group_id: Option<PartyGroupId>,
}

impl AppointInput {
    pub fn parse(&self, today: NaiveDate) -> Result<Appointment, FieldError> {
        let member_id = parse_id("member_id", &self.member_id)?
            .ok_or_else(|| FieldError::new("member_id", ErrorCode::Required))?;
        let post = match self.post.trim() {
            "" => return Err(FieldError::new("post", ErrorCode::Required)),
            p => Post::parse(p).ok_or_else(|| FieldError::new("post", ErrorCode::InvalidFormat))?,
        };
        let from = parse_date("from", &self.from, party_founded(), today)?.unwrap_or(today);
        let party_group_id = parse_id("party_group_id", &self.party_group_id)?;
        match (post, party_group_id) {
            (Post::GroupLeader, None) => {
                Err(FieldError::new("party_group_id", ErrorCode::Required))
            }
            (Post::GroupLeader, Some(_)) | (_, None) => Ok(Appointment {
                member_id,
                post,
                from,
                party_group_id,
            }),
            (_, Some(_)) => Err(FieldError::new("party_group_id", ErrorCode::InvalidFormat)),
        }
    }
}

/// `POST /api/v1/org/posts/{id}/end`: the first day the post is no longer held.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndPostInput {
    #[serde(default)]
    pub until: String,
}

impl EndPostInput {
    pub fn parse(&self, today: NaiveDate) -> Result<NaiveDate, FieldError> {
        Ok(parse_date("until", &self.until, party_founded(), today)?.unwrap_or(today))
    }
}

/// `POST /api/v1/org/branches/{id}/committee`: 换届. From `date` the committee is exactly
/// these posts; every committee post held until then ends that day. Earlier terms stay.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ElectionInput {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub posts: Vec<ElectedPost>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ElectedPost {
    #[serde(default)]
    pub member_id: String,
    #[serde(default)]
    pub post: String,
}

impl ElectionInput {
    pub fn parse(
        &self,
        today: NaiveDate,
    ) -> Result<(NaiveDate, Vec<(MemberId, Post)>), FieldError> {
        let date = required_date("date", &self.date, today)?;
        let mut posts = Vec::with_capacity(self.posts.len());
        for p in &self.posts {
            let member = parse_id("member_id", &p.member_id)?
                .ok_or_else(|| FieldError::new("member_id", ErrorCode::Required))?;
            let post = Post::parse(p.post.trim())
                .filter(|p| p.is_committee())
                .ok_or_else(|| FieldError::new("post", ErrorCode::InvalidFormat))?;
            posts.push((member, post));
        }
        let secretaries = posts.iter().filter(|(_, p)| *p == Post::Secretary).count();
        if secretaries > 1 {
            return Err(FieldError::new("post", ErrorCode::Conflict));
        }
        let mut seen: Vec<(MemberId, Post)> = posts.clone();
        seen.sort();
        seen.dedup();
        if seen.len() != posts.len() {
            return Err(FieldError::new("member_id", ErrorCode::Conflict));
        }
        Ok((date, posts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        let (name, general) = BranchInput {
            name: " 调度所党支部 ".into(),
            general_branch_id: String::new(),
        }
        .parse()
        .unwrap();
        assert_eq!((name.as_str(), general), ("调度所党支部", None));
        let e = BranchInput::default().parse().unwrap_err();
        assert_eq!((e.field.as_str(), e.code), ("name", ErrorCode::Required));
        let e = BranchInput {
            name: "x".into(),
            general_branch_id: "not-an-id".into(),
        }
        .parse()
        .unwrap_err();
        assert_eq!(e.field, "general_branch_id");
    }

    #[test]
    fn a_group_leader_names_a_group_and_nobody_else_does() {
        let member = MemberId::new().to_string();
        let group = PartyGroupId::new().to_string();
        let input = |post: &str, group: &str| AppointInput {
            member_id: member.clone(),
            post: post.into(),
            from: String::new(),
            party_group_id: group.into(),
        };
        assert_eq!(
            input("group_leader", &group).parse(today()).unwrap().from,
            today()
        );
        let e = input("group_leader", "").parse(today()).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("party_group_id", ErrorCode::Required)
        );
        let e = input("secretary", &group).parse(today()).unwrap_err();
        assert_eq!(e.field, "party_group_id");
        let e = input("chairman", "").parse(today()).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("post", ErrorCode::InvalidFormat)
        );
    }

    #[test]
    fn an_election_has_one_secretary_and_no_repeats() {
        let a = MemberId::new().to_string();
        let b = MemberId::new().to_string();
        let posts = |list: &[(&str, &str)]| ElectionInput {
            date: "2026-11-01".into(),
            posts: list
                .iter()
                .map(|(m, p)| ElectedPost {
                    member_id: (*m).into(),
                    post: (*p).into(),
                })
                .collect(),
        };
        assert!(
            posts(&[(&a, "secretary"), (&b, "organisation")])
                .parse(today())
                .is_ok()
        );
        let e = posts(&[(&a, "secretary"), (&b, "secretary")])
            .parse(today())
            .unwrap_err();
        assert_eq!((e.field.as_str(), e.code), ("post", ErrorCode::Conflict));
        let e = posts(&[(&a, "group_leader")]).parse(today()).unwrap_err();
        assert_eq!(e.field, "post");
        let e = posts(&[(&a, "propaganda"), (&a, "propaganda")])
            .parse(today())
            .unwrap_err();
        assert_eq!(e.field, "member_id");
    }
}
