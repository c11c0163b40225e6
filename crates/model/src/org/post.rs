//! Posts (党内职务) and the role they give.
//!
//! Decision: a session's role follows the member's current posts — 书记 and 副书记 give
//! the secretary's rights, the other committee posts (组织委员, 宣传委员, 纪检委员, 委员)
//! the committee's, and 党小组长 none beyond a member's. The server keeps `members.role`
//! in step with [`role_from_posts`] in the same transaction as every change of posts,
//! branch or status, and a post starts or ends on a date no later than today (China), so
//! the column never waits for a calendar day to pass. Every query that scopes by role
//! (sync pull and push, the overviews) then reads one column, as before posts existed.
//! The organisation's administrators are accounts outside the branches; their role is no
//! post's.

use crate::Lang;
use crate::account::Role;
use crate::error::{ErrorCode, FieldError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A post in a branch: the committee's (支部委员会) or a party group's leader.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Post {
    /// 书记
    Secretary,
    /// 副书记
    DeputySecretary,
    /// 组织委员
    Organisation,
    /// 宣传委员
    Propaganda,
    /// 纪检委员
    Discipline,
    /// 委员 (a committee member without one of the named duties)
    CommitteeMember,
    /// 党小组长
    GroupLeader,
}

impl Post {
    pub const ALL: [Post; 7] = [
        Post::Secretary,
        Post::DeputySecretary,
        Post::Organisation,
        Post::Propaganda,
        Post::Discipline,
        Post::CommitteeMember,
        Post::GroupLeader,
    ];
    pub const FIELD: &'static str = "post";

    pub fn as_str(self) -> &'static str {
        match self {
            Post::Secretary => "secretary",
            Post::DeputySecretary => "deputy_secretary",
            Post::Organisation => "organisation",
            Post::Propaganda => "propaganda",
            Post::Discipline => "discipline",
            Post::CommitteeMember => "committee_member",
            Post::GroupLeader => "group_leader",
        }
    }

    pub fn parse(s: &str) -> Option<Post> {
        Post::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Post::Secretary => ("书记", "Secretary"),
            Post::DeputySecretary => ("副书记", "Deputy secretary"),
            Post::Organisation => ("组织委员", "Organisation member"),
            Post::Propaganda => ("宣传委员", "Publicity member"),
            Post::Discipline => ("纪检委员", "Discipline inspection member"),
            Post::CommitteeMember => ("委员", "Committee member"),
            Post::GroupLeader => ("党小组长", "Party group leader"),
        };
        match lang {
            Lang::ZhCn => zh,
            Lang::En => en,
        }
    }

    /// The post a roster's 党内职务 cell names. `Ok(None)`: none (empty, 无, 党员).
    pub fn from_roster(cell: &str) -> Result<Option<Post>, FieldError> {
        let cell = cell.trim();
        Ok(Some(match cell {
            "" | "无" | "党员" | "-" | "—" => return Ok(None),
            "书记" | "支部书记" | "党支部书记" => Post::Secretary,
            "副书记" | "支部副书记" | "党支部副书记" => Post::DeputySecretary,
            "组织委员" => Post::Organisation,
            "宣传委员" => Post::Propaganda,
            "纪检委员" => Post::Discipline,
            "委员" | "支委" | "支部委员" => Post::CommitteeMember,
            "党小组长" | "组长" => Post::GroupLeader,
            _ => match Post::parse(cell) {
                Some(p) => p,
                None => return Err(FieldError::new(Self::FIELD, ErrorCode::InvalidFormat)),
            },
        }))
    }

    /// The rights the post gives in its branch.
    pub fn grants(self) -> Role {
        match self {
            Post::Secretary | Post::DeputySecretary => Role::Secretary,
            Post::Organisation | Post::Propaganda | Post::Discipline | Post::CommitteeMember => {
                Role::Committee
            }
            Post::GroupLeader => Role::Member,
        }
    }

    /// Held by one member at a time (the branch's 书记; a group's 党小组长).
    pub fn is_single(self) -> bool {
        matches!(self, Post::Secretary | Post::GroupLeader)
    }

    /// A post of the branch committee (支部委员会), renewed together at 换届.
    pub fn is_committee(self) -> bool {
        self != Post::GroupLeader
    }
}

/// A member's role from the posts they hold now: the highest any of them grants.
pub fn role_from_posts(posts: impl IntoIterator<Item = Post>) -> Role {
    posts
        .into_iter()
        .map(Post::grants)
        .max_by_key(|r| rank(*r))
        .unwrap_or(Role::Member)
}

fn rank(role: Role) -> u8 {
    match role {
        Role::Member => 0,
        Role::Committee => 1,
        Role::Secretary => 2,
        Role::Admin => 3,
    }
}

/// One term of a post: from a date (none: since before the portal knew) until a date
/// (exclusive; none: still held).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Term {
    /// Whether the term covers `day`.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day < u)
    }

    /// Whether the term covers any day from `first` to `last` (inclusive).
    pub fn overlaps(&self, first: NaiveDate, last: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= last) && self.until.is_none_or(|u| first < u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_role_follows_the_highest_post() {
        assert_eq!(role_from_posts([]), Role::Member);
        assert_eq!(role_from_posts([Post::GroupLeader]), Role::Member);
        assert_eq!(role_from_posts([Post::Propaganda]), Role::Committee);
        assert_eq!(
            role_from_posts([Post::Organisation, Post::DeputySecretary]),
            Role::Secretary
        );
        assert_eq!(
            role_from_posts([Post::GroupLeader, Post::Secretary]),
            Role::Secretary
        );
    }

    #[test]
    fn posts_round_trip_and_read_from_rosters() {
        for p in Post::ALL {
            assert_eq!(Post::parse(p.as_str()), Some(p));
            assert_eq!(Post::from_roster(p.label(Lang::ZhCn)).unwrap(), Some(p));
        }
        assert_eq!(
            Post::from_roster("支部书记").unwrap(),
            Some(Post::Secretary)
        );
        assert_eq!(Post::from_roster(" 无 ").unwrap(), None);
        let e = Post::from_roster("董事长").unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("post", ErrorCode::InvalidFormat)
        );
    }

    #[test]
    fn terms_cover_from_inclusive_to_until_exclusive() {
        let t = Term {
            from: Some(d("2024-03-01")),
            until: Some(d("2026-03-01")),
        };
        assert!(!t.covers(d("2024-02-29")));
        assert!(t.covers(d("2024-03-01")));
        assert!(t.covers(d("2026-02-28")));
        assert!(!t.covers(d("2026-03-01")));
        assert!(t.overlaps(d("2026-01-01"), d("2026-12-31")));
        assert!(!t.overlaps(d("2026-03-01"), d("2026-12-31")));
        let always = Term {
            from: None,
            until: None,
        };
        assert!(always.covers(d("1950-01-01")));
    }
}
