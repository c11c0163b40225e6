//! Who counted for a branch in a calendar year, when, and in which post: what the
//! secretary's overviews (study, talks, pledges) list, so that a transfer, a departure or
//! a 换届 never changes a branch's figures for the time before.
//!
//! A member is listed for the year when their membership of the branch (`memberships`)
//! covers some day of it, whatever they are now; what they did counts for the branch
//! only when dated while they belonged. Their role there is the one their posts in the
//! branch gave them on the last day they counted for it in the year (today at the
//! latest), so a past year keeps the committee it had, and the current year agrees with
//! the session's role.

use crate::error::AppError;
use crate::repo::{BranchMember, Repo};
use chrono::{Duration, NaiveDate};
use std::collections::HashMap;
use zhibu_model::org::post::{Post, Term, role_from_posts};
use zhibu_model::{BranchId, Role};

pub struct BranchYear {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// By name in pinyin order.
    pub members: Vec<BranchMember>,
    spans: HashMap<String, Vec<Term>>,
    posts: HashMap<String, Vec<(Post, Term)>>,
    today: NaiveDate,
}

impl BranchYear {
    pub async fn load(
        repo: &Repo,
        branch: BranchId,
        year: i32,
        today: NaiveDate,
    ) -> Result<Self, AppError> {
        let day =
            |m, d| NaiveDate::from_ymd_opt(year, m, d).ok_or_else(|| AppError::internal("year"));
        let (first, last) = (day(1, 1)?, day(12, 31)?);
        let mut spans: HashMap<String, Vec<Term>> = HashMap::new();
        for (member, from, until) in repo.branch_memberships(branch, first, last).await? {
            spans.entry(member).or_default().push(Term { from, until });
        }
        let mut posts: HashMap<String, Vec<(Post, Term)>> = HashMap::new();
        for (member, post, term) in repo.branch_posts(branch, first, last).await? {
            posts.entry(member).or_default().push((post, term));
        }
        let ids: Vec<String> = spans.keys().cloned().collect();
        let members = repo
            .members_by_ids(&ids)
            .await?
            .into_iter()
            // Administrators belong to no branch; a stray row must not list one.
            .filter(|m| m.role != Role::Admin.as_str())
            .collect();
        Ok(Self {
            first,
            last,
            members,
            spans,
            posts,
            today,
        })
    }

    /// The listed members' ids.
    pub fn ids(&self) -> Vec<String> {
        self.members.iter().map(|m| m.id.clone()).collect()
    }

    /// The member's spans in the branch that touch the year.
    pub fn terms(&self, member: &str) -> &[Term] {
        self.spans
            .get(member)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Whether what the member did on `day` counts for the branch.
    pub fn counted(&self, member: &str, day: NaiveDate) -> bool {
        self.terms(member).iter().any(|t| t.covers(day))
    }

    /// Whether two members belonged to the branch on a common day of the year (only
    /// then could they owe each other anything there).
    pub fn met(&self, a: &str, b: &str) -> bool {
        let clip = |t: &Term| {
            let from = t.from.map_or(self.first, |f| f.max(self.first));
            let until = t
                .until
                .map_or(self.last, |u| (u - Duration::days(1)).min(self.last));
            (from, until)
        };
        self.terms(a).iter().any(|x| {
            let (xf, xu) = clip(x);
            self.terms(b).iter().any(|y| {
                let (yf, yu) = clip(y);
                xf.max(yf) <= xu.min(yu)
            })
        })
    }

    /// The member's role in the branch on the last day they counted for it in the year
    /// (today at the latest).
    pub fn role(&self, member: &str) -> Role {
        let end = self.last.min(self.today);
        let day = self
            .terms(member)
            .iter()
            .filter(|t| t.overlaps(self.first, end))
            .map(|t| t.until.map_or(end, |u| (u - Duration::days(1)).min(end)))
            .max()
            .unwrap_or(end);
        let held = self
            .posts
            .get(member)
            .map(Vec::as_slice)
            .unwrap_or_default();
        role_from_posts(
            held.iter()
                .filter(|(_, term)| term.covers(day))
                .map(|(post, _)| *post),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn term(from: Option<&str>, until: Option<&str>) -> Term {
        Term {
            from: from.map(d),
            until: until.map(d),
        }
    }

    fn year_with(spans: &[(&str, Term)], posts: &[(&str, Post, Term)]) -> BranchYear {
        let mut y = BranchYear {
            first: d("2025-01-01"),
            last: d("2025-12-31"),
            members: Vec::new(),
            spans: HashMap::new(),
            posts: HashMap::new(),
            today: d("2026-03-01"),
        };
        for (m, t) in spans {
            y.spans.entry((*m).into()).or_default().push(*t);
        }
        for (m, p, t) in posts {
            y.posts.entry((*m).into()).or_default().push((*p, *t));
        }
        y
    }

    #[test]
    fn members_meet_only_on_a_common_day() {
        let y = year_with(
            &[
                ("left", term(None, Some("2025-07-01"))),
                ("came", term(Some("2025-07-01"), None)),
                ("stayed", term(None, None)),
            ],
            &[],
        );
        assert!(
            !y.met("left", "came"),
            "the day one leaves the other arrives"
        );
        assert!(y.met("left", "stayed") && y.met("came", "stayed"));
    }

    #[test]
    fn the_role_is_the_posts_on_the_last_day_counted() {
        let y = year_with(
            &[
                ("moved", term(None, Some("2025-07-01"))),
                ("elected", term(None, None)),
            ],
            &[
                (
                    "moved",
                    Post::CommitteeMember,
                    term(None, Some("2025-07-01")),
                ),
                ("elected", Post::Secretary, term(Some("2025-11-20"), None)),
            ],
        );
        assert_eq!(y.role("moved"), Role::Committee);
        assert_eq!(y.role("elected"), Role::Secretary);
        assert_eq!(y.role("nobody"), Role::Member);
    }
}
