//! Talk coverage (谈心谈话覆盖): which pairs of a branch owe each other a talk this year and
//! which have had one (支部工作条例 第十九条; `rules::TALK_EVERY_PAIR`).
//!
//! The rule names three sets: every pair of committee members, every committee member
//! with each member, and "members among themselves". Read together they cover every pair
//! within the branch, committee included, so that is what is required: each unordered
//! pair of the branch's members (secretary, committee and members; organisation admins
//! are not branch members), once a calendar year. A pair is done when a talk dated in the
//! year names one as writer and the other as a member counterpart, and that counterpart
//! confirmed the record. Unconfirmed and disputed records count as submitted elsewhere,
//! not here. Two counterparts of the same talk have not thereby talked with each other.
//! Dates are the members' local calendar dates (Asia/Shanghai), so the year is the date's.

use crate::account::Role;
use crate::ids::MemberId;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Which of the rule's three sets a pair belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PairKind {
    /// Two committee members (the secretary included).
    Committee,
    /// A committee member and a member.
    CommitteeMember,
    /// Two members.
    Members,
}

/// An unordered pair, stored with the smaller id first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Pair(pub MemberId, pub MemberId);

impl Pair {
    pub fn new(a: MemberId, b: MemberId) -> Self {
        if a <= b { Pair(a, b) } else { Pair(b, a) }
    }
}

/// A talk as coverage needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TalkFact {
    pub writer: MemberId,
    pub counterparts: Vec<MemberId>,
    pub date: NaiveDate,
    /// The member counterparts who confirmed it (disputes are not here).
    pub confirmed_by: Vec<MemberId>,
}

/// The year's required pairs, split into done and missing, each in roster order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub required: Vec<(Pair, PairKind)>,
    pub done: Vec<(Pair, PairKind)>,
    pub missing: Vec<(Pair, PairKind)>,
}

fn is_committee(role: Role) -> Option<bool> {
    match role {
        Role::Secretary | Role::Committee => Some(true),
        Role::Member => Some(false),
        Role::Admin => None,
    }
}

/// The coverage of `year` for a branch's roster, from its talk records.
pub fn talk_coverage(roster: &[(MemberId, Role)], talks: &[TalkFact], year: i32) -> Coverage {
    let mut talked = HashSet::new();
    for t in talks.iter().filter(|t| t.date.year() == year) {
        for c in &t.counterparts {
            if *c != t.writer && t.confirmed_by.contains(c) {
                talked.insert(Pair::new(t.writer, *c));
            }
        }
    }
    let people: Vec<(MemberId, bool)> = roster
        .iter()
        .filter_map(|(id, role)| is_committee(*role).map(|c| (*id, c)))
        .collect();
    let mut coverage = Coverage::default();
    for (i, (a, a_committee)) in people.iter().enumerate() {
        for (b, b_committee) in &people[i + 1..] {
            let kind = match (a_committee, b_committee) {
                (true, true) => PairKind::Committee,
                (false, false) => PairKind::Members,
                _ => PairKind::CommitteeMember,
            };
            let pair = Pair::new(*a, *b);
            coverage.required.push((pair, kind));
            if talked.contains(&pair) {
                coverage.done.push((pair, kind));
            } else {
                coverage.missing.push((pair, kind));
            }
        }
    }
    coverage
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn ids(n: usize) -> Vec<MemberId> {
        (0..n).map(|_| MemberId::new()).collect()
    }

    fn talk(writer: MemberId, with: &[MemberId], date: &str, confirmed: &[MemberId]) -> TalkFact {
        TalkFact {
            writer,
            counterparts: with.to_vec(),
            date: day(date),
            confirmed_by: confirmed.to_vec(),
        }
    }

    #[test]
    fn every_pair_of_the_branch_is_required_by_set() {
        let p = ids(5);
        let roster = [
            (p[0], Role::Secretary),
            (p[1], Role::Committee),
            (p[2], Role::Member),
            (p[3], Role::Member),
            (p[4], Role::Admin),
        ];
        let c = talk_coverage(&roster, &[], 2026);
        // 4 branch members (the admin is not one): 6 pairs.
        assert_eq!(c.required.len(), 6);
        assert_eq!(c.missing, c.required);
        let count = |k| c.required.iter().filter(|(_, kind)| *kind == k).count();
        assert_eq!(count(PairKind::Committee), 1);
        assert_eq!(count(PairKind::CommitteeMember), 4);
        assert_eq!(count(PairKind::Members), 1);
        assert!(
            c.required
                .contains(&(Pair::new(p[1], p[0]), PairKind::Committee))
        );
        assert!(
            c.required
                .contains(&(Pair::new(p[3], p[2]), PairKind::Members))
        );
    }

    #[test]
    fn only_confirmed_talks_of_the_year_count_either_way_round() {
        let p = ids(4);
        let roster = [
            (p[0], Role::Secretary),
            (p[1], Role::Member),
            (p[2], Role::Member),
            (p[3], Role::Member),
        ];
        let talks = [
            // Confirmed, written by the member: the pair is done whoever wrote it.
            talk(p[1], &[p[0]], "2026-03-01", &[p[0]]),
            // Unconfirmed.
            talk(p[0], &[p[2]], "2026-03-01", &[]),
            // A group talk: only p3 confirmed; p1–p2 did not talk with each other.
            talk(p[0], &[p[2], p[3]], "2026-05-01", &[p[3]]),
            // Confirmed by someone who was not a counterpart: ignored.
            talk(p[1], &[p[2]], "2026-06-01", &[p[3]]),
        ];
        let c = talk_coverage(&roster, &talks, 2026);
        let done: HashSet<Pair> = c.done.iter().map(|(p, _)| *p).collect();
        assert_eq!(
            done,
            HashSet::from([Pair::new(p[0], p[1]), Pair::new(p[0], p[3])])
        );
        assert_eq!(c.done.len() + c.missing.len(), c.required.len());
        assert!(c.missing.iter().any(|(x, _)| *x == Pair::new(p[0], p[2])));
        assert!(c.missing.iter().any(|(x, _)| *x == Pair::new(p[1], p[2])));
    }

    #[test]
    fn a_disputed_talk_does_not_count() {
        let p = ids(2);
        let roster = [(p[0], Role::Committee), (p[1], Role::Member)];
        // A dispute is an answer but not a confirmation: confirmed_by stays empty.
        let c = talk_coverage(&roster, &[talk(p[0], &[p[1]], "2026-06-01", &[])], 2026);
        assert!(c.done.is_empty());
        assert_eq!(c.missing.len(), 1);
    }

    #[test]
    fn the_year_runs_from_first_january_to_thirty_first_december_local() {
        let p = ids(3);
        let roster = [
            (p[0], Role::Secretary),
            (p[1], Role::Member),
            (p[2], Role::Member),
        ];
        // A talk on New Year's Eve late at night in Beijing is dated 12-31 on the phone
        // (the record carries the local date), so it is the old year's.
        let talks = [
            talk(p[0], &[p[1]], "2025-12-31", &[p[1]]),
            talk(p[0], &[p[2]], "2026-01-01", &[p[2]]),
            talk(p[1], &[p[2]], "2026-12-31", &[p[2]]),
            talk(p[1], &[p[0]], "2027-01-01", &[p[0]]),
        ];
        let done = |year| {
            talk_coverage(&roster, &talks, year)
                .done
                .into_iter()
                .map(|(p, _)| p)
                .collect::<HashSet<_>>()
        };
        assert_eq!(done(2025), HashSet::from([Pair::new(p[0], p[1])]));
        assert_eq!(
            done(2026),
            HashSet::from([Pair::new(p[0], p[2]), Pair::new(p[1], p[2])])
        );
        assert_eq!(done(2027), HashSet::from([Pair::new(p[0], p[1])]));
    }

    #[test]
    fn a_branch_of_one_owes_nothing() {
        let p = ids(1);
        let c = talk_coverage(&[(p[0], Role::Secretary)], &[], 2026);
        assert_eq!(c, Coverage::default());
    }
}
