//! Talk records (谈心谈话记录): who talked with whom, when, of which kind, and what was said
//! and agreed. Private: the writer and the member counterparts read them; the branch's
//! secretary and committee see only that a talk happened ([`TalkSummary`]) unless they took
//! part. Each member counterpart confirms or disputes the record ([`TalkConfirmation`]).

use crate::error::{ErrorCode, FieldError};
use crate::ids::MemberId;
use crate::lang::Lang;
use crate::study::{bounded_line, bounded_text, parse_date};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use uuid::Uuid;

/// The kinds of talk the rules name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TalkKind {
    /// 谈心谈话
    HeartToHeart,
    /// 廉政谈话 (e.g. for a newly appointed cadre)
    Integrity,
    /// 任职谈话
    Appointment,
    /// 提醒谈话
    Reminder,
    /// 其他
    Other,
}

impl TalkKind {
    pub const ALL: [TalkKind; 5] = [
        TalkKind::HeartToHeart,
        TalkKind::Integrity,
        TalkKind::Appointment,
        TalkKind::Reminder,
        TalkKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TalkKind::HeartToHeart => "heart_to_heart",
            TalkKind::Integrity => "integrity",
            TalkKind::Appointment => "appointment",
            TalkKind::Reminder => "reminder",
            TalkKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<TalkKind> {
        TalkKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            TalkKind::HeartToHeart => ("谈心谈话", "Heart-to-heart talk"),
            TalkKind::Integrity => ("廉政谈话", "Integrity talk"),
            TalkKind::Appointment => ("任职谈话", "Appointment talk"),
            TalkKind::Reminder => ("提醒谈话", "Reminder talk"),
            TalkKind::Other => ("其他谈话", "Other talk"),
        };
        match lang {
            Lang::ZhCn => zh,
            Lang::En => en,
        }
    }
}

/// A valid talk record, as stored and synced. The writer is the record's owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TalkRecord {
    pub date: NaiveDate,
    pub kind: TalkKind,
    /// Counterparts from the branch roster.
    #[serde(default)]
    pub members: Vec<MemberId>,
    /// Counterparts from outside the portal, by name.
    #[serde(default)]
    pub outside: Vec<String>,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub topics: String,
    #[serde(default)]
    pub issues: String,
    #[serde(default)]
    pub follow_up: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up_due: Option<NaiveDate>,
    /// When the writer marked the follow-up done; until then it shows on 首页. Absent in
    /// rows written before it existed (read as not done).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up_done: Option<NaiveDate>,
}

/// A talk record as typed. Errors name the field; every counterpart problem is
/// `counterparts`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TalkInput {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub members: Vec<MemberId>,
    #[serde(default)]
    pub outside: Vec<String>,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub topics: String,
    #[serde(default)]
    pub issues: String,
    #[serde(default)]
    pub follow_up: String,
    #[serde(default)]
    pub follow_up_due: String,
    /// The date the follow-up was done, or empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub follow_up_done: String,
}

impl TalkRecord {
    /// More people than this is a meeting, not a talk.
    pub const COUNTERPARTS_MAX: u32 = 20;
    pub const NAME_MAX: u32 = 50;
    pub const PLACE_MAX: u32 = 200;
    pub const TEXT_MAX: u32 = 5000;

    /// The input for editing this record in a form.
    pub fn to_input(&self) -> TalkInput {
        TalkInput {
            date: self.date.to_string(),
            kind: self.kind.as_str().to_owned(),
            members: self.members.clone(),
            outside: self.outside.clone(),
            place: self.place.clone(),
            topics: self.topics.clone(),
            issues: self.issues.clone(),
            follow_up: self.follow_up.clone(),
            follow_up_due: self
                .follow_up_due
                .map(|d| d.to_string())
                .unwrap_or_default(),
            follow_up_done: self
                .follow_up_done
                .map(|d| d.to_string())
                .unwrap_or_default(),
        }
    }

    /// Whether `other` is this record with only the follow-up's done date changed. Marking
    /// a follow-up done stays open to the writer after a counterpart confirmed the talk:
    /// what was said and agreed is fixed, whether it has been done since is not.
    pub fn same_but_follow_up_done(&self, other: &TalkRecord) -> bool {
        let unmarked = |r: &TalkRecord| TalkRecord {
            follow_up_done: None,
            ..r.clone()
        };
        unmarked(self) == unmarked(other)
    }

    /// The agreed follow-up still open: it has a due date and is not marked done.
    pub fn open_follow_up(&self) -> Option<NaiveDate> {
        self.follow_up_done
            .is_none()
            .then_some(self.follow_up_due)
            .flatten()
            .filter(|_| !self.follow_up.is_empty())
    }

    /// Whether `member` took part (as writer `writer` or as a member counterpart).
    pub fn took_part(&self, writer: MemberId, member: MemberId) -> bool {
        writer == member || self.members.contains(&member)
    }

    /// What the branch's secretary and committee see of a talk they did not take part in.
    pub fn summary(&self) -> TalkSummary {
        TalkSummary {
            date: self.date,
            kind: self.kind,
            members: self.members.clone(),
            outside: self.outside.len() as u32,
        }
    }
}

impl TalkInput {
    /// Parses the input written by `writer`. `today` is the local date (Asia/Shanghai): a
    /// talk may not be dated in the future (a day's slack for clocks, as study records).
    /// Whether the member counterparts belong to the writer's branch is the server's check.
    pub fn parse(&self, today: NaiveDate, writer: MemberId) -> Result<TalkRecord, FieldError> {
        let date = parse_date("date", &self.date)?;
        if date.year() < crate::study::StudyRecord::MIN_YEAR {
            return Err(FieldError::new("date", ErrorCode::OutOfRange));
        }
        if date > today.succ_opt().unwrap_or(today) {
            return Err(FieldError::new("date", ErrorCode::InFuture));
        }
        let kind = TalkKind::parse(self.kind.trim()).ok_or_else(|| {
            let code = if self.kind.trim().is_empty() {
                ErrorCode::Required
            } else {
                ErrorCode::InvalidFormat
            };
            FieldError::new("talk_kind", code)
        })?;
        let counterparts = || FieldError::new("counterparts", ErrorCode::InvalidFormat);
        let mut seen = HashSet::new();
        for m in &self.members {
            if *m == writer || !seen.insert(*m) {
                return Err(counterparts());
            }
        }
        let mut outside = Vec::with_capacity(self.outside.len());
        let mut names = HashSet::new();
        for raw in &self.outside {
            let name = bounded_line("counterparts", raw, TalkRecord::NAME_MAX, true)?;
            if !names.insert(name.clone()) {
                return Err(counterparts());
            }
            outside.push(name);
        }
        let count = self.members.len() + outside.len();
        if count == 0 {
            return Err(FieldError::new("counterparts", ErrorCode::Required));
        }
        if count > TalkRecord::COUNTERPARTS_MAX as usize {
            return Err(FieldError::with_limit(
                "counterparts",
                ErrorCode::TooLarge,
                TalkRecord::COUNTERPARTS_MAX,
            ));
        }
        let place = bounded_line("place", &self.place, TalkRecord::PLACE_MAX, false)?;
        let topics = bounded_text("topics", &self.topics, TalkRecord::TEXT_MAX, true)?;
        let issues = bounded_text("issues", &self.issues, TalkRecord::TEXT_MAX, false)?;
        let follow_up = bounded_text("follow_up", &self.follow_up, TalkRecord::TEXT_MAX, false)?;
        let follow_up_due = match self.follow_up_due.trim() {
            "" => None,
            raw => Some(parse_date("follow_up_due", raw)?),
        };
        let follow_up_done = match self.follow_up_done.trim() {
            "" => None,
            raw => Some(parse_date("follow_up_done", raw)?),
        };
        if (follow_up_due.is_some() || follow_up_done.is_some()) && follow_up.is_empty() {
            return Err(FieldError::new("follow_up", ErrorCode::Required));
        }
        Ok(TalkRecord {
            date,
            kind,
            members: self.members.clone(),
            outside,
            place,
            topics,
            issues,
            follow_up,
            follow_up_due,
            follow_up_done,
        })
    }
}

/// What the branch's secretary and committee receive of a talk they did not take part
/// in: that it happened (the writer is the row's owner), when, of which kind, with which
/// members — no content, and outside counterparts only as a number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TalkSummary {
    pub date: NaiveDate,
    pub kind: TalkKind,
    pub members: Vec<MemberId>,
    pub outside: u32,
}

/// A member counterpart's answer to a talk record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    Confirmed,
    Disputed { note: String },
}

/// A member counterpart's confirmation (or dispute) of a talk record; its owner is the
/// counterpart. At most one live confirmation per counterpart and talk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TalkConfirmation {
    pub talk_id: Uuid,
    #[serde(flatten)]
    pub verdict: Verdict,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TalkConfirmationInput {
    #[serde(default)]
    pub talk_id: Option<Uuid>,
    /// `confirmed` or `disputed`.
    #[serde(default)]
    pub verdict: String,
    /// Why the record is disputed (required then; ignored on a confirmation).
    #[serde(default)]
    pub note: String,
}

impl TalkConfirmation {
    pub const NOTE_MAX: u32 = 1000;

    pub fn is_confirmed(&self) -> bool {
        self.verdict == Verdict::Confirmed
    }
}

impl TalkConfirmationInput {
    pub fn parse(&self) -> Result<TalkConfirmation, FieldError> {
        let talk_id = self
            .talk_id
            .ok_or_else(|| FieldError::new("talk_id", ErrorCode::Required))?;
        let verdict = match self.verdict.trim() {
            "confirmed" => Verdict::Confirmed,
            "disputed" => Verdict::Disputed {
                note: bounded_text("note", &self.note, TalkConfirmation::NOTE_MAX, true)?,
            },
            "" => return Err(FieldError::new("verdict", ErrorCode::Required)),
            _ => return Err(FieldError::new("verdict", ErrorCode::InvalidFormat)),
        };
        Ok(TalkConfirmation { talk_id, verdict })
    }
}

/// How a talk record stands with its member counterparts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TalkStatus {
    /// Every member counterpart confirmed (or there are none: only outside people).
    Confirmed,
    /// Submitted; some member counterpart has not answered yet. Counts as submitted.
    Unconfirmed,
    /// Some member counterpart disputed it.
    Disputed,
}

impl TalkStatus {
    /// The status from the member counterparts and the confirmations they gave.
    pub fn of(record: &TalkRecord, confirmations: &[(MemberId, &TalkConfirmation)]) -> Self {
        let mut all = true;
        for m in &record.members {
            match confirmations.iter().find(|(by, _)| by == m) {
                Some((_, c)) if !c.is_confirmed() => return TalkStatus::Disputed,
                Some(_) => {}
                None => all = false,
            }
        }
        if all {
            TalkStatus::Confirmed
        } else {
            TalkStatus::Unconfirmed
        }
    }
}

/// `GET /api/v1/branch/talks?year=`: the branch's talk coverage and its talks, for its
/// secretary and committee. A talk's content is there only when the caller took part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BranchTalks {
    pub year: i32,
    pub done: Vec<CoveragePair>,
    pub missing: Vec<CoveragePair>,
    /// The year's talks, by date.
    pub talks: Vec<TalkListed>,
}

/// A required pair, by display name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoveragePair {
    pub a: MemberId,
    pub a_name: String,
    pub b: MemberId,
    pub b_name: String,
    pub kind: crate::coverage::PairKind,
}

/// A member and those they still owe a talk, as the overview folds the open pairs: one
/// line per member instead of one per pair (a branch of 11 has 55 pairs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owed {
    pub member: MemberId,
    pub name: String,
    pub with: Vec<String>,
}

/// Each pair under both its members, members in the order they first appear (the
/// server's order, by name), so no one reads as ahead of or behind anyone else.
pub fn owed_by_member(pairs: &[CoveragePair]) -> Vec<Owed> {
    let mut owed: Vec<Owed> = Vec::new();
    let mut add = |member: MemberId, name: &str, other: &str| match owed
        .iter_mut()
        .find(|o| o.member == member)
    {
        Some(o) => o.with.push(other.to_owned()),
        None => owed.push(Owed {
            member,
            name: name.to_owned(),
            with: vec![other.to_owned()],
        }),
    };
    for p in pairs {
        add(p.a, &p.a_name, &p.b_name);
        add(p.b, &p.b_name, &p.a_name);
    }
    owed
}

/// A talk as the overview lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TalkListed {
    pub id: Uuid,
    pub writer: MemberId,
    pub writer_name: String,
    pub summary: TalkSummary,
    /// The member counterparts' display names, in the summary's order.
    pub member_names: Vec<String>,
    pub status: TalkStatus,
    /// The content, only for a caller who took part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<TalkRecord>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_pairs_fold_to_one_line_per_member() {
        let id = |n: u128| MemberId(Uuid::from_u128(n));
        let pair = |a: u128, an: &str, b: u128, bn: &str| CoveragePair {
            a: id(a),
            a_name: an.to_owned(),
            b: id(b),
            b_name: bn.to_owned(),
            kind: crate::coverage::PairKind::Members,
        };
        let owed = owed_by_member(&[
            pair(1, "王建国", 2, "李秀英"),
            pair(1, "王建国", 3, "张海峰"),
            pair(2, "李秀英", 3, "张海峰"),
        ]);
        let lines: Vec<(&str, Vec<&str>)> = owed
            .iter()
            .map(|o| (o.name.as_str(), o.with.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            lines,
            [
                ("王建国", vec!["李秀英", "张海峰"]),
                ("李秀英", vec!["王建国", "张海峰"]),
                ("张海峰", vec!["王建国", "李秀英"]),
            ]
        );
        assert!(owed_by_member(&[]).is_empty());
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn input(_writer: MemberId, other: MemberId) -> TalkInput {
        TalkInput {
            date: "2026-11-20".into(),
            kind: "heart_to_heart".into(),
            members: vec![other],
            outside: vec![],
            place: "党员活动室".into(),
            topics: "  工作和思想情况 ".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_talk_parses_trims_and_round_trips() {
        let (w, o) = (MemberId::new(), MemberId::new());
        let r = input(w, o).parse(today(), w).unwrap();
        assert_eq!(r.topics, "工作和思想情况");
        assert_eq!(r.kind, TalkKind::HeartToHeart);
        assert_eq!(r.to_input().parse(today(), w).unwrap(), r);
        assert!(r.took_part(w, o) && r.took_part(w, w));
        assert!(!r.took_part(w, MemberId::new()));
        assert_eq!(r.summary().members, vec![o]);
    }

    #[test]
    fn each_bad_field_is_named() {
        let (w, o) = (MemberId::new(), MemberId::new());
        type Spoil = fn(&mut TalkInput, MemberId, MemberId);
        let cases: [(Spoil, &str, ErrorCode); 12] = [
            (
                |i, _, _| i.members.clear(),
                "counterparts",
                ErrorCode::Required,
            ),
            (
                |i, w, _| i.members = vec![w],
                "counterparts",
                ErrorCode::InvalidFormat,
            ),
            (
                |i, _, o| i.members = vec![o, o],
                "counterparts",
                ErrorCode::InvalidFormat,
            ),
            (
                |i, _, _| i.outside = vec!["张三".into(), " 张三".into()],
                "counterparts",
                ErrorCode::InvalidFormat,
            ),
            (
                |i, _, _| i.outside = vec!["  ".into()],
                "counterparts",
                ErrorCode::Required,
            ),
            (
                |i, _, _| i.outside = (0..20).map(|n| n.to_string()).collect(),
                "counterparts",
                ErrorCode::TooLarge,
            ),
            (
                |i, _, _| i.date = "2026-12-01".into(),
                "date",
                ErrorCode::InFuture,
            ),
            (
                |i, _, _| i.date = String::new(),
                "date",
                ErrorCode::Required,
            ),
            (
                |i, _, _| i.kind = "chat".into(),
                "talk_kind",
                ErrorCode::InvalidFormat,
            ),
            (
                |i, _, _| i.topics = " ".into(),
                "topics",
                ErrorCode::Required,
            ),
            (
                |i, _, _| i.issues = "问".repeat(5001),
                "issues",
                ErrorCode::TooLong,
            ),
            (
                |i, _, _| i.follow_up_due = "2027-01-31".into(),
                "follow_up",
                ErrorCode::Required,
            ),
        ];
        for (spoil, field, code) in cases {
            let mut i = input(w, o);
            spoil(&mut i, w, o);
            let e = i.parse(today(), w).unwrap_err();
            assert_eq!((e.field.as_str(), e.code), (field, code), "{i:?}");
        }
    }

    #[test]
    fn outside_people_alone_are_counterparts_and_a_due_date_may_be_ahead() {
        let w = MemberId::new();
        let mut i = input(w, MemberId::new());
        i.members.clear();
        i.outside = vec!["退休老同志 张某".into()];
        i.follow_up = "下月回访".into();
        i.follow_up_due = "2027-01-15".into();
        let r = i.parse(today(), w).unwrap();
        assert_eq!(r.summary().outside, 1);
        assert_eq!(TalkStatus::of(&r, &[]), TalkStatus::Confirmed);
    }

    #[test]
    fn confirmations_and_status() {
        let talk = Uuid::now_v7();
        let ok = TalkConfirmationInput {
            talk_id: Some(talk),
            verdict: "confirmed".into(),
            note: String::new(),
        }
        .parse()
        .unwrap();
        assert!(ok.is_confirmed());
        let json = serde_json::to_value(&ok).unwrap();
        assert_eq!(json["verdict"], "confirmed");
        assert_eq!(
            serde_json::from_value::<TalkConfirmation>(json).unwrap(),
            ok
        );
        let e = TalkConfirmationInput {
            talk_id: Some(talk),
            verdict: "disputed".into(),
            note: " ".into(),
        }
        .parse()
        .unwrap_err();
        assert_eq!((e.field.as_str(), e.code), ("note", ErrorCode::Required));
        let disputed = TalkConfirmationInput {
            talk_id: Some(talk),
            verdict: "disputed".into(),
            note: "日期不对".into(),
        }
        .parse()
        .unwrap();
        let e = TalkConfirmationInput::default().parse().unwrap_err();
        assert_eq!(e.field, "talk_id");

        let (w, a, b) = (MemberId::new(), MemberId::new(), MemberId::new());
        let mut i = input(w, a);
        i.members.push(b);
        let r = i.parse(today(), w).unwrap();
        assert_eq!(TalkStatus::of(&r, &[]), TalkStatus::Unconfirmed);
        assert_eq!(TalkStatus::of(&r, &[(a, &ok)]), TalkStatus::Unconfirmed);
        assert_eq!(
            TalkStatus::of(&r, &[(a, &ok), (b, &ok)]),
            TalkStatus::Confirmed
        );
        assert_eq!(
            TalkStatus::of(&r, &[(a, &ok), (b, &disputed)]),
            TalkStatus::Disputed
        );
    }

    #[test]
    fn a_follow_up_is_open_until_marked_done_and_old_rows_read_as_open() {
        let (w, o) = (MemberId::new(), MemberId::new());
        let mut i = input(w, o);
        i.follow_up = "月底前交思想汇报".into();
        i.follow_up_due = "2026-12-31".into();
        let open = i.parse(today(), w).unwrap();
        assert_eq!(open.open_follow_up(), "2026-12-31".parse().ok());
        // A row stored before the field existed has no `follow_up_done` key.
        let mut json = serde_json::to_value(&open).unwrap();
        assert!(json.get("follow_up_done").is_none());
        json.as_object_mut().unwrap().remove("follow_up_done");
        assert_eq!(serde_json::from_value::<TalkRecord>(json).unwrap(), open);

        i.follow_up_done = "2026-11-28".into();
        let done = i.parse(today(), w).unwrap();
        assert_eq!(done.open_follow_up(), None);
        assert_eq!(done.to_input().parse(today(), w).unwrap(), done);
        assert!(open.same_but_follow_up_done(&done));
        let mut changed = done.clone();
        changed.topics.push('!');
        assert!(!open.same_but_follow_up_done(&changed));

        i.follow_up.clear();
        let e = i.parse(today(), w).unwrap_err();
        assert_eq!(e.field, "follow_up");
        i.follow_up = "x".into();
        i.follow_up_done = "yesterday".into();
        assert_eq!(i.parse(today(), w).unwrap_err().field, "follow_up_done");
    }

    #[test]
    fn kinds_round_trip() {
        for k in TalkKind::ALL {
            assert_eq!(TalkKind::parse(k.as_str()), Some(k));
            assert_ne!(k.label(Lang::ZhCn), k.label(Lang::En));
        }
    }
}
