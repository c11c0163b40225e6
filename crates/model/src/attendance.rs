//! Who comes to an event: a member's RSVP (attend, or leave with a reason), the
//! secretary's decision on a leave request, the attendance sheet the secretary keeps, and
//! a member's self check-in. Attendance recorded once feeds everything else: attendees of
//! an event with a study element are credited its 学时 without entering anything.

use crate::account::Role;
use crate::error::{ErrorCode, FieldError};
use crate::event::{Audience, EventRecord};
use crate::ids::MemberId;
use crate::lang::Lang;
use crate::study::{StudyRecord, bounded_text};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// A record whose id is fixed by another's (one attendance sheet per event, one decision
/// per leave request), so that two managers writing it offline edit the same record and
/// meet as a conflict (kept in history) instead of making two.
fn derived_id(base: Uuid, salt: u8) -> Uuid {
    let mut bytes = *base.as_bytes();
    bytes[15] ^= salt;
    bytes[14] ^= 0x5a;
    Uuid::from_bytes(bytes)
}

/// The id of an event's attendance sheet.
pub fn attendance_id(event_id: Uuid) -> Uuid {
    derived_id(event_id, 0xa1)
}

/// The id of the decision on a leave request.
pub fn decision_id(rsvp_id: Uuid) -> Uuid {
    derived_id(rsvp_id, 0xd1)
}

/// The records whose derived ids `id` could be: the event whose sheet it would be, and the
/// leave request whose decision it would be. Every member can compute a derived id, so
/// the server refuses any other kind of record at `id` while one of these exists
/// (otherwise a member could occupy the sheet's id first and block the secretary).
/// Deriving only flips bits, so the same flip leads back.
pub fn reserving_bases(id: Uuid) -> ReservingBases {
    ReservingBases {
        event: derived_id(id, 0xa1),
        rsvp: derived_id(id, 0xd1),
    }
}

/// See [`reserving_bases`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReservingBases {
    /// If an event has this id, `id` is its attendance sheet's.
    pub event: Uuid,
    /// If a leave request (RSVP) has this id, `id` is its decision's.
    pub rsvp: Uuid,
}

/// A member's answer to an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "response", rename_all = "snake_case")]
pub enum Response {
    Attend,
    /// 请假, always with a reason.
    Leave {
        reason: String,
    },
}

/// A member's RSVP (own; read also by the branch's secretary and committee). At most one
/// live RSVP per member and event: changing one's mind edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventRsvp {
    pub event_id: Uuid,
    #[serde(flatten)]
    pub response: Response,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventRsvpInput {
    #[serde(default)]
    pub event_id: Option<Uuid>,
    /// `attend` or `leave`.
    #[serde(default)]
    pub response: String,
    /// Why (required for `leave`; ignored for `attend`).
    #[serde(default)]
    pub reason: String,
}

impl EventRsvp {
    pub const REASON_MAX: u32 = 500;

    pub fn is_leave(&self) -> bool {
        matches!(self.response, Response::Leave { .. })
    }
}

impl EventRsvpInput {
    pub fn parse(&self) -> Result<EventRsvp, FieldError> {
        let event_id = self
            .event_id
            .ok_or_else(|| FieldError::new("event_id", ErrorCode::Required))?;
        let response = match self.response.trim() {
            "attend" => Response::Attend,
            "leave" => Response::Leave {
                reason: bounded_text("reason", &self.reason, EventRsvp::REASON_MAX, true)?,
            },
            "" => return Err(FieldError::new("response", ErrorCode::Required)),
            _ => return Err(FieldError::new("response", ErrorCode::InvalidFormat)),
        };
        Ok(EventRsvp { event_id, response })
    }
}

/// The secretary's (or a committee member's) decision on a leave request; read by the
/// member who asked. Its record id is [`decision_id`] of the request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaveDecision {
    pub rsvp_id: Uuid,
    pub approved: bool,
    #[serde(default)]
    pub note: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaveDecisionInput {
    #[serde(default)]
    pub rsvp_id: Option<Uuid>,
    /// `approve` or `refuse`.
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub note: String,
}

impl LeaveDecision {
    pub const NOTE_MAX: u32 = 500;
}

impl LeaveDecisionInput {
    pub fn parse(&self) -> Result<LeaveDecision, FieldError> {
        let rsvp_id = self
            .rsvp_id
            .ok_or_else(|| FieldError::new("rsvp_id", ErrorCode::Required))?;
        let approved = match self.decision.trim() {
            "approve" => true,
            "refuse" => false,
            "" => return Err(FieldError::new("decision", ErrorCode::Required)),
            _ => return Err(FieldError::new("decision", ErrorCode::InvalidFormat)),
        };
        Ok(LeaveDecision {
            rsvp_id,
            approved,
            note: bounded_text("note", &self.note, LeaveDecision::NOTE_MAX, false)?,
        })
    }
}

/// A member's attendance at one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Present,
    /// 请假
    OnLeave,
    Absent,
}

impl Presence {
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::ZhCn, Presence::Present) => "出席",
            (Lang::ZhCn, Presence::OnLeave) => "请假",
            (Lang::ZhCn, Presence::Absent) => "缺席",
            (Lang::En, Presence::Present) => "Present",
            (Lang::En, Presence::OnLeave) => "On leave",
            (Lang::En, Presence::Absent) => "Absent",
        }
    }
}

/// The attendance sheet of one event, kept by the branch's secretary and committee (read
/// by them only). Its record id is [`attendance_id`] of the event. Members not on it are
/// unmarked (a self check-in still counts for them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceSheet {
    pub event_id: Uuid,
    pub entries: Vec<(MemberId, Presence)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceSheetInput {
    #[serde(default)]
    pub event_id: Option<Uuid>,
    #[serde(default)]
    pub entries: Vec<(MemberId, Presence)>,
}

impl AttendanceSheet {
    /// A branch larger than this is split.
    pub const ENTRIES_MAX: u32 = 500;

    pub fn get(&self, member: MemberId) -> Option<Presence> {
        self.entries
            .iter()
            .find(|(m, _)| *m == member)
            .map(|(_, p)| *p)
    }

    /// Marks one member (the sheet's one-tap action), replacing any earlier mark.
    pub fn mark(&mut self, member: MemberId, presence: Presence) {
        match self.entries.iter_mut().find(|(m, _)| *m == member) {
            Some(entry) => entry.1 = presence,
            None => self.entries.push((member, presence)),
        }
    }

    pub fn to_input(&self) -> AttendanceSheetInput {
        AttendanceSheetInput {
            event_id: Some(self.event_id),
            entries: self.entries.clone(),
        }
    }
}

impl AttendanceSheetInput {
    pub fn parse(&self) -> Result<AttendanceSheet, FieldError> {
        let event_id = self
            .event_id
            .ok_or_else(|| FieldError::new("event_id", ErrorCode::Required))?;
        if self.entries.len() > AttendanceSheet::ENTRIES_MAX as usize {
            return Err(FieldError::with_limit(
                "entries",
                ErrorCode::TooLarge,
                AttendanceSheet::ENTRIES_MAX,
            ));
        }
        let mut seen = std::collections::HashSet::new();
        if !self.entries.iter().all(|(m, _)| seen.insert(*m)) {
            return Err(FieldError::new("entries", ErrorCode::InvalidFormat));
        }
        Ok(AttendanceSheet {
            event_id,
            entries: self.entries.clone(),
        })
    }
}

/// A member's self check-in: the code they typed (or scanned) and their device's time
/// then, queued offline and verified by the server on sync (`check_in::verify`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventCheckIn {
    pub event_id: Uuid,
    pub code: String,
    pub device_time: DateTime<Utc>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventCheckInInput {
    #[serde(default)]
    pub event_id: Option<Uuid>,
    #[serde(default)]
    pub code: String,
    /// RFC 3339, e.g. `2026-11-05T07:00:10Z` or `2026-11-05T15:00:10+08:00`.
    #[serde(default)]
    pub device_time: String,
}

impl EventCheckInInput {
    pub fn parse(&self) -> Result<EventCheckIn, FieldError> {
        let event_id = self
            .event_id
            .ok_or_else(|| FieldError::new("event_id", ErrorCode::Required))?;
        let code = self.code.trim();
        if code.is_empty() {
            return Err(FieldError::new("code", ErrorCode::Required));
        }
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new("code", ErrorCode::InvalidFormat));
        }
        let device_time = match self.device_time.trim() {
            "" => return Err(FieldError::new("device_time", ErrorCode::Required)),
            raw => DateTime::parse_from_rfc3339(raw)
                .map_err(|_| FieldError::new("device_time", ErrorCode::InvalidFormat))?
                .with_timezone(&Utc),
        };
        crate::ymd::bounded("device_time", device_time.date_naive())?;
        Ok(EventCheckIn {
            event_id,
            code: code.to_owned(),
            device_time,
        })
    }
}

/// Whether a member is expected at an event (its audience). `group` is the member's
/// party group, if any.
pub fn expected(audience: &Audience, role: Role, group: Option<&str>) -> bool {
    match audience {
        Audience::Branch => role != Role::Admin,
        Audience::Committee => role.manages_branch(),
        Audience::Group { name } => group == Some(name.as_str()),
    }
}

/// A member's attendance at an event: the sheet's mark when there is one (the secretary
/// may correct anything), else present after an accepted self check-in, else on leave
/// when a leave request was approved; `None` when nothing is known.
pub fn presence(
    sheet: Option<&AttendanceSheet>,
    checked_in: bool,
    leave_approved: bool,
    member: MemberId,
) -> Option<Presence> {
    sheet
        .and_then(|s| s.get(member))
        .or(checked_in.then_some(Presence::Present))
        .or(leave_approved.then_some(Presence::OnLeave))
}

/// What is known of one branch's attendance: events by id, sheets by event, accepted
/// check-ins as (event, member).
#[derive(Clone, Debug, Default)]
pub struct BranchAttendance {
    pub events: HashMap<Uuid, EventRecord>,
    pub sheets: HashMap<Uuid, AttendanceSheet>,
    pub check_ins: Vec<(Uuid, MemberId)>,
}

impl BranchAttendance {
    /// The study records a member is credited with: one per event with a study element
    /// that they attended (by the sheet or a check-in), none for cancelled events. The
    /// member's progress adds these to their own records (`progress::year_progress`).
    pub fn credited_studies(&self, member: MemberId, minutes_per_hour: u32) -> Vec<StudyRecord> {
        let mut out: Vec<(chrono::DateTime<Utc>, Uuid, StudyRecord)> = self
            .events
            .iter()
            .filter(|(id, _)| {
                let checked_in = self.check_ins.contains(&(**id, member));
                presence(self.sheets.get(id), checked_in, false, member) == Some(Presence::Present)
            })
            .filter_map(|(id, e)| {
                e.credited_study(minutes_per_hour)
                    .map(|s| (e.starts_at, *id, s))
            })
            .collect();
        out.sort_by_key(|(at, id, _)| (*at, *id));
        out.into_iter().map(|(_, _, s)| s).collect()
    }
}

/// A member of the branch as the attendance sheet needs them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterMember {
    pub member_id: MemberId,
    pub display_name: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_group: Option<String>,
}

/// A member's answer to an event with the managers' decision on it, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answer {
    pub member_id: MemberId,
    pub rsvp_id: Uuid,
    pub rsvp: EventRsvp,
    /// `Some(true)` approved leave, `Some(false)` refused, `None` not decided (or not a
    /// leave request).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leave_approved: Option<bool>,
}

/// One line of the attendance sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SheetLine {
    pub member_id: MemberId,
    pub display_name: String,
    /// In the event's audience (others appear only when marked or checked in).
    pub expected: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    pub checked_in: bool,
    /// What the sheet, a check-in or an approved leave says; `None`: not marked yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presence: Option<Presence>,
}

/// `GET /api/v1/branch/events/{id}/attendance` (the branch's managers), and what the
/// secretary's phone shows from its own rows: expected (the audience), present, on
/// leave, absent, and who is not marked yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SheetView {
    pub event_id: Uuid,
    pub expected: u32,
    pub present: u32,
    pub on_leave: u32,
    pub absent: u32,
    pub unmarked: u32,
    /// In roster order.
    pub lines: Vec<SheetLine>,
}

impl SheetView {
    pub fn new(
        event_id: Uuid,
        event: &EventRecord,
        roster: &[RosterMember],
        sheet: Option<&AttendanceSheet>,
        checked_in: &[MemberId],
        answers: &[Answer],
    ) -> Self {
        let mut lines = Vec::new();
        for m in roster {
            let expected = expected(&event.audience, m.role, m.party_group.as_deref());
            let answer = answers.iter().find(|a| a.member_id == m.member_id).cloned();
            let checked_in = checked_in.contains(&m.member_id);
            let approved = answer
                .as_ref()
                .is_some_and(|a| a.rsvp.is_leave() && a.leave_approved == Some(true));
            let presence = presence(sheet, checked_in, approved, m.member_id);
            if expected || presence.is_some() {
                lines.push(SheetLine {
                    member_id: m.member_id,
                    display_name: m.display_name.clone(),
                    expected,
                    answer,
                    checked_in,
                    presence,
                });
            }
        }
        let count = |p: Option<Presence>| lines.iter().filter(|l| l.presence == p).count() as u32;
        Self {
            event_id,
            expected: lines.iter().filter(|l| l.expected).count() as u32,
            present: count(Some(Presence::Present)),
            on_leave: count(Some(Presence::OnLeave)),
            absent: count(Some(Presence::Absent)),
            unmarked: count(None),
            lines,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leave_request_needs_a_reason() {
        let input = EventRsvpInput {
            event_id: Some(Uuid::now_v7()),
            response: "leave".into(),
            reason: "  ".into(),
        };
        let e = input.parse().unwrap_err();
        assert_eq!((e.field.as_str(), e.code), ("reason", ErrorCode::Required));
        assert_eq!(e.message(Lang::ZhCn), "请填写请假事由");
        let ok = EventRsvpInput {
            reason: "出差".into(),
            ..input.clone()
        };
        assert!(ok.parse().unwrap().is_leave());
        let attend = EventRsvpInput {
            response: "attend".into(),
            ..input
        };
        assert_eq!(attend.parse().unwrap().response, Response::Attend);
        let json = serde_json::to_value(ok.parse().unwrap()).unwrap();
        assert_eq!(
            (json["response"].as_str(), json["reason"].as_str()),
            (Some("leave"), Some("出差"))
        );
    }

    #[test]
    fn derived_ids_are_fixed_and_distinct() {
        let e = Uuid::now_v7();
        assert_eq!(attendance_id(e), attendance_id(e));
        assert_ne!(attendance_id(e), e);
        assert_ne!(attendance_id(e), decision_id(e));
    }

    #[test]
    fn a_derived_id_leads_back_to_what_reserves_it() {
        let e = Uuid::now_v7();
        assert_eq!(reserving_bases(attendance_id(e)).event, e);
        assert_eq!(reserving_bases(decision_id(e)).rsvp, e);
    }

    #[test]
    fn the_sheet_wins_then_check_in_then_approved_leave() {
        let m = MemberId::new();
        let mut sheet = AttendanceSheet {
            event_id: Uuid::now_v7(),
            entries: vec![],
        };
        assert_eq!(
            presence(Some(&sheet), true, false, m),
            Some(Presence::Present)
        );
        assert_eq!(presence(None, false, true, m), Some(Presence::OnLeave));
        assert_eq!(presence(None, false, false, m), None);
        sheet.mark(m, Presence::Absent);
        sheet.mark(m, Presence::Absent);
        assert_eq!(sheet.entries.len(), 1);
        assert_eq!(
            presence(Some(&sheet), true, false, m),
            Some(Presence::Absent)
        );
    }

    #[test]
    fn attendees_are_credited_the_study_hours() {
        let (a, b, c) = (MemberId::new(), MemberId::new(), MemberId::new());
        let event = crate::event::tests::input().parse().unwrap();
        let mut cancelled = event.clone();
        cancelled.cancelled = Some(crate::event::Cancellation {
            reason: "改期".into(),
        });
        let (e1, e2) = (Uuid::now_v7(), Uuid::now_v7());
        let mut known = BranchAttendance::default();
        known.events.insert(e1, event);
        known.events.insert(e2, cancelled);
        known.sheets.insert(
            e1,
            AttendanceSheet {
                event_id: e1,
                entries: vec![(a, Presence::Present), (c, Presence::OnLeave)],
            },
        );
        known.sheets.insert(
            e2,
            AttendanceSheet {
                event_id: e2,
                entries: vec![(a, Presence::Present)],
            },
        );
        known.check_ins.push((e1, b));
        let credited = known.credited_studies(a, 45);
        assert_eq!(credited.len(), 1, "the cancelled event credits nothing");
        assert_eq!(credited[0].minutes, 90);
        assert_eq!(known.credited_studies(b, 45).len(), 1, "by check-in");
        assert!(known.credited_studies(c, 45).is_empty(), "on leave");
        let p = crate::progress::year_progress(
            &credited,
            2026,
            &crate::rules::StudySettings::default(),
            Role::Member,
            false,
            "2026-11-28".parse().unwrap(),
        );
        assert_eq!(p.tenths, 20);
    }

    #[test]
    fn the_sheet_view_counts_expected_present_on_leave_absent() {
        let roster: Vec<RosterMember> = [
            ("书记", Role::Secretary, None),
            ("甲", Role::Member, Some("一组")),
            ("乙", Role::Member, Some("二组")),
            ("丙", Role::Member, Some("一组")),
        ]
        .into_iter()
        .map(|(name, role, group)| RosterMember {
            member_id: MemberId::new(),
            display_name: name.into(),
            role,
            party_group: group.map(Into::into),
        })
        .collect();
        let id = |i: usize| roster[i].member_id;
        let mut event = crate::event::tests::input().parse().unwrap();
        event.audience = Audience::Group {
            name: "一组".into(),
        };
        let event_id = Uuid::now_v7();
        let sheet = AttendanceSheet {
            event_id,
            entries: vec![(id(0), Presence::Present)],
        };
        let leave = Answer {
            member_id: id(3),
            rsvp_id: Uuid::now_v7(),
            rsvp: EventRsvp {
                event_id,
                response: Response::Leave {
                    reason: "出差".into(),
                },
            },
            leave_approved: Some(true),
        };
        let view = SheetView::new(event_id, &event, &roster, Some(&sheet), &[id(1)], &[leave]);
        let names: Vec<&str> = view.lines.iter().map(|l| l.display_name.as_str()).collect();
        assert_eq!(
            names,
            ["书记", "甲", "丙"],
            "the group and whoever was marked"
        );
        assert_eq!(
            (
                view.expected,
                view.present,
                view.on_leave,
                view.absent,
                view.unmarked
            ),
            (2, 2, 1, 0, 0)
        );
        assert!(!view.lines[0].expected && view.lines[1].checked_in);
    }

    #[test]
    fn audiences_decide_who_is_expected() {
        let group = Audience::Group {
            name: "第一党小组".into(),
        };
        assert!(expected(&Audience::Branch, Role::Member, None));
        assert!(!expected(&Audience::Committee, Role::Member, None));
        assert!(expected(&Audience::Committee, Role::Committee, None));
        assert!(expected(&group, Role::Member, Some("第一党小组")));
        assert!(!expected(&group, Role::Secretary, None));
    }

    #[test]
    fn check_ins_and_sheets_parse_with_field_errors() {
        let ok = EventCheckInInput {
            event_id: Some(Uuid::now_v7()),
            code: "012345".into(),
            device_time: "2026-11-05T15:00:10+08:00".into(),
        };
        assert_eq!(
            ok.parse().unwrap().device_time.to_rfc3339(),
            "2026-11-05T07:00:10+00:00"
        );
        for (spoil, field) in [
            (
                EventCheckInInput {
                    code: "".into(),
                    ..ok.clone()
                },
                "code",
            ),
            (
                EventCheckInInput {
                    code: "12345".into(),
                    ..ok.clone()
                },
                "code",
            ),
            (
                EventCheckInInput {
                    device_time: "yesterday".into(),
                    ..ok.clone()
                },
                "device_time",
            ),
            (
                EventCheckInInput {
                    event_id: None,
                    ..ok.clone()
                },
                "event_id",
            ),
        ] {
            assert_eq!(spoil.parse().unwrap_err().field, field);
        }
        let m = MemberId::new();
        let twice = AttendanceSheetInput {
            event_id: Some(Uuid::now_v7()),
            entries: vec![(m, Presence::Present), (m, Presence::Absent)],
        };
        assert_eq!(twice.parse().unwrap_err().field, "entries");
        let decision = LeaveDecisionInput {
            rsvp_id: Some(Uuid::now_v7()),
            decision: "maybe".into(),
            note: String::new(),
        };
        assert_eq!(decision.parse().unwrap_err().field, "decision");
    }
}
