//! Branch activities (支部活动): the events of the branch calendar. Times are typed as
//! China's local date-time (Asia/Shanghai: UTC+8 all year, no daylight saving) and stored
//! as UTC instants, so every device and the server agree on the instant whatever zone
//! the phone is set to.
//!
//! One event may count for several kinds (a 主题党日 that also holds the 党员大会 and a
//! 党课); the rules engine in `compliance.rs` counts it for each. A cancelled event is
//! kept, with its reason, so members are told and the history stays.

use crate::compliance::{EventKind, HeldEvent};
use crate::error::{ErrorCode, FieldError};
use crate::lang::Lang;
use crate::study::{StudyRecord, bounded_line, bounded_text};
use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// China's offset from UTC (no daylight saving since 1991).
pub fn china_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The instant of a China local date-time.
pub fn from_china_local(local: NaiveDateTime) -> DateTime<Utc> {
    china_offset()
        .from_local_datetime(&local)
        .single()
        .expect("a fixed offset maps every local time to one instant")
        .with_timezone(&Utc)
}

/// China's local date-time of an instant.
pub fn to_china_local(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&china_offset()).naive_local()
}

/// A `YYYY-MM-DDTHH:MM` (or with a space, or with seconds) China local date-time field.
pub fn parse_local_datetime(field: &str, raw: &str) -> Result<NaiveDateTime, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(field, ErrorCode::Required));
    }
    let at = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
        .ok_or_else(|| FieldError::new(field, ErrorCode::InvalidFormat))?;
    crate::ymd::bounded(field, at.date())?;
    Ok(at)
}

/// Who is expected at an event. It decides who is expected (attendance, RSVP), not who
/// may read the event: every member of the branch sees the branch calendar, but the
/// agenda and minutes of a committee-only event reach only the secretary and committee.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Audience {
    /// Every member of the branch.
    Branch,
    /// The branch secretary and committee (支部委员会).
    Committee,
    /// One party group (党小组) of the branch, by its name.
    Group { name: String },
}

impl Audience {
    pub fn label(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::ZhCn, Audience::Branch) => "全体党员".into(),
            (Lang::ZhCn, Audience::Committee) => "支部委员".into(),
            (Lang::ZhCn, Audience::Group { name }) => format!("党小组：{name}"),
            (Lang::En, Audience::Branch) => "All members".into(),
            (Lang::En, Audience::Committee) => "Branch committee".into(),
            (Lang::En, Audience::Group { name }) => format!("Party group: {name}"),
        }
    }
}

/// The study element of an event: what was studied and the 学时 credited to everyone who
/// attended (they never enter it themselves).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudyElement {
    pub topic: String,
    /// 学时 in tenths (20 = 2 学时).
    pub hours_tenths: u32,
}

/// Why an event was cancelled; the event stays on the calendar, marked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cancellation {
    pub reason: String,
}

/// A valid event, as stored and synced (branch-wide; written by the branch's secretary or
/// committee).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventRecord {
    /// What the event counts as, at least one, no repeats; the first is its main kind.
    pub kinds: Vec<EventKind>,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[serde(default)]
    pub venue: String,
    #[serde(default)]
    pub agenda: String,
    pub audience: Audience,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub study: Option<StudyElement>,
    /// The 党课 is given by the branch secretary (书记每年至少讲一次党课).
    #[serde(default)]
    pub lecture_by_secretary: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<Cancellation>,
    /// The repeating series this event was made from (see `event_series.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series_id: Option<Uuid>,
    /// The minutes (会议记录), attached after the event.
    #[serde(default)]
    pub meeting_minutes: String,
    /// The secret the self check-in code is derived from (`check_in.rs`), as 64 hex
    /// digits. Made on the secretary's phone; the server never gives it to plain members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_in_secret: Option<String>,
}

/// An event as typed: times as China local `YYYY-MM-DDTHH:MM`, kinds and the audience as
/// their snake_case names, 学时 as text ("2", "1.5"), so every mistake is a field error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventInput {
    #[serde(default)]
    pub kinds: Vec<String>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    #[serde(default)]
    pub venue: String,
    #[serde(default)]
    pub agenda: String,
    /// `branch`, `committee` or `group` (then `group` names the party group).
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub group: String,
    /// Empty: no study element.
    #[serde(default)]
    pub study_topic: String,
    #[serde(default)]
    pub study_hours: String,
    #[serde(default)]
    pub lecture_by_secretary: bool,
    #[serde(default)]
    pub cancelled: bool,
    #[serde(default)]
    pub cancel_reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series_id: Option<Uuid>,
    #[serde(default)]
    pub meeting_minutes: String,
    #[serde(default)]
    pub check_in_secret: String,
}

fn kind_name(kind: EventKind) -> &'static str {
    match kind {
        EventKind::PartyCongress => "party_congress",
        EventKind::CommitteeMeeting => "committee_meeting",
        EventKind::GroupMeeting => "group_meeting",
        EventKind::PartyLecture => "party_lecture",
        EventKind::ThemeDay => "theme_day",
        EventKind::OrgLifeMeeting => "org_life_meeting",
        EventKind::DemocraticReview => "democratic_review",
        EventKind::Other => "other",
    }
}

/// Every event kind, in the order forms list them.
pub const EVENT_KINDS: [EventKind; 8] = [
    EventKind::ThemeDay,
    EventKind::PartyCongress,
    EventKind::CommitteeMeeting,
    EventKind::GroupMeeting,
    EventKind::PartyLecture,
    EventKind::OrgLifeMeeting,
    EventKind::DemocraticReview,
    EventKind::Other,
];

/// The wire name of a kind (`theme_day` …), as serde writes it.
pub fn event_kind_str(kind: EventKind) -> &'static str {
    kind_name(kind)
}

pub fn parse_event_kind(s: &str) -> Option<EventKind> {
    EVENT_KINDS.into_iter().find(|k| kind_name(*k) == s)
}

/// "2" → 20, "1.5" → 15 (tenths of a 学时; one decimal at most).
pub fn parse_hours_tenths(field: &str, raw: &str) -> Result<u32, FieldError> {
    let raw = raw.trim();
    let bad = || FieldError::new(field, ErrorCode::InvalidFormat);
    let (whole, tenth) = match raw.split_once('.') {
        Some((w, t)) if t.len() == 1 => (w, t),
        Some(_) => return Err(bad()),
        None => (raw, "0"),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || whole.len() > 4 {
        return Err(bad());
    }
    let tenth: u32 = tenth.parse().map_err(|_| bad())?;
    let whole: u32 = whole.parse().map_err(|_| bad())?;
    Ok(whole * 10 + tenth)
}

/// "2" from 20, "1.5" from 15.
pub fn format_hours_tenths(tenths: u32) -> String {
    crate::progress::format_tenths(tenths)
}

impl EventRecord {
    pub const TITLE_MAX: u32 = 100;
    pub const VENUE_MAX: u32 = 200;
    pub const AGENDA_MAX: u32 = 5000;
    pub const MINUTES_MAX: u32 = 20000;
    pub const TOPIC_MAX: u32 = 200;
    pub const GROUP_MAX: u32 = crate::party_group::PartyGroup::MAX;
    pub const REASON_MAX: u32 = 500;
    /// A full training day is 8 学时; two days of it is the most one event credits.
    pub const STUDY_TENTHS_MAX: u32 = 160;
    /// An event lasts at most a week (a longer course is entered as several).
    pub const LONGEST: Duration = Duration::days(7);

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.is_some()
    }

    /// Held: not cancelled and already over at `now`.
    pub fn is_held(&self, now: DateTime<Utc>) -> bool {
        !self.is_cancelled() && self.ends_at <= now
    }

    /// Whether minutes may be written at `now`: from the event's start on. Not only after
    /// its end, because the recorder types them during the meeting (and a meeting that
    /// runs over should not lose them); never before, when nothing has been said yet, so
    /// minutes cannot be prepared ahead as if the meeting had been held.
    pub fn minutes_open(&self, now: DateTime<Utc>) -> bool {
        now >= self.starts_at
    }

    /// Refuses minutes on an event that has not started at `now` (`meeting_minutes`).
    pub fn check_minutes(&self, now: DateTime<Utc>) -> Result<(), FieldError> {
        if self.meeting_minutes.is_empty() || self.minutes_open(now) {
            Ok(())
        } else {
            Err(FieldError::new("meeting_minutes", ErrorCode::InFuture))
        }
    }

    pub fn counts_as(&self, kind: EventKind) -> bool {
        self.kinds.contains(&kind)
    }

    /// The main kind (the first).
    pub fn kind(&self) -> EventKind {
        self.kinds.first().copied().unwrap_or(EventKind::Other)
    }

    pub fn local_start(&self) -> NaiveDateTime {
        to_china_local(self.starts_at)
    }

    pub fn local_end(&self) -> NaiveDateTime {
        to_china_local(self.ends_at)
    }

    /// The fact the rules engine counts, or `None` when the event does not count (yet):
    /// cancelled, or not over at `now`.
    pub fn held_event(&self, now: DateTime<Utc>) -> Option<HeldEvent> {
        self.is_held(now).then(|| HeldEvent {
            starts_at: self.starts_at,
            counts_as: self.kinds.clone(),
            lecturer_is_secretary: self.lecture_by_secretary
                && self.counts_as(EventKind::PartyLecture),
        })
    }

    /// The study record an attendee is credited with (`None` without a study element or
    /// when cancelled): dated the event's China date, its 学时 as minutes at the branch's
    /// `minutes_per_hour`, in the form 党课 when the event holds one, else 集中学习.
    pub fn credited_study(&self, minutes_per_hour: u32) -> Option<StudyRecord> {
        let study = self.study.as_ref().filter(|_| !self.is_cancelled())?;
        let form = if self.counts_as(EventKind::PartyLecture) {
            crate::study::StudyForm::PartyLecture
        } else {
            crate::study::StudyForm::GroupStudy
        };
        Some(StudyRecord {
            date: self.local_start().date(),
            minutes: study.hours_tenths * minutes_per_hour / 10,
            form,
            topic: study.topic.clone(),
            notes: String::new(),
            plan_item_id: None,
        })
    }

    /// The input for editing this event in a form.
    pub fn to_input(&self) -> EventInput {
        let (audience, group) = match &self.audience {
            Audience::Branch => ("branch", String::new()),
            Audience::Committee => ("committee", String::new()),
            Audience::Group { name } => ("group", name.clone()),
        };
        EventInput {
            kinds: self
                .kinds
                .iter()
                .map(|k| kind_name(*k).to_owned())
                .collect(),
            title: self.title.clone(),
            start: self.local_start().format("%Y-%m-%dT%H:%M").to_string(),
            end: self.local_end().format("%Y-%m-%dT%H:%M").to_string(),
            venue: self.venue.clone(),
            agenda: self.agenda.clone(),
            audience: audience.to_owned(),
            group,
            study_topic: self
                .study
                .as_ref()
                .map(|s| s.topic.clone())
                .unwrap_or_default(),
            study_hours: self
                .study
                .as_ref()
                .map(|s| format_hours_tenths(s.hours_tenths))
                .unwrap_or_default(),
            lecture_by_secretary: self.lecture_by_secretary,
            cancelled: self.cancelled.is_some(),
            cancel_reason: self
                .cancelled
                .as_ref()
                .map(|c| c.reason.clone())
                .unwrap_or_default(),
            series_id: self.series_id,
            meeting_minutes: self.meeting_minutes.clone(),
            check_in_secret: self.check_in_secret.clone().unwrap_or_default(),
        }
    }

    /// The event as a plain member receives it: never the check-in secret, and for a
    /// committee-only event neither agenda nor minutes.
    pub fn for_member(mut self) -> Self {
        self.check_in_secret = None;
        if self.audience == Audience::Committee {
            self.agenda.clear();
            self.meeting_minutes.clear();
        }
        self
    }
}

impl EventInput {
    pub fn parse(&self) -> Result<EventRecord, FieldError> {
        let mut kinds = Vec::with_capacity(self.kinds.len());
        for raw in &self.kinds {
            let kind = parse_event_kind(raw.trim())
                .ok_or_else(|| FieldError::new("kinds", ErrorCode::InvalidFormat))?;
            if kinds.contains(&kind) {
                return Err(FieldError::new("kinds", ErrorCode::InvalidFormat));
            }
            kinds.push(kind);
        }
        if kinds.is_empty() {
            return Err(FieldError::new("kinds", ErrorCode::Required));
        }
        let title = bounded_line("title", &self.title, EventRecord::TITLE_MAX, true)?;
        let start = parse_local_datetime("start", &self.start)?;
        let end = parse_local_datetime("end", &self.end)?;
        if chrono::Datelike::year(&start) < StudyRecord::MIN_YEAR {
            return Err(FieldError::new("start", ErrorCode::OutOfRange));
        }
        if end <= start {
            return Err(FieldError::new("end", ErrorCode::OutOfRange));
        }
        if end - start > EventRecord::LONGEST {
            return Err(FieldError::new("end", ErrorCode::TooLarge));
        }
        let venue = bounded_line("venue", &self.venue, EventRecord::VENUE_MAX, false)?;
        let agenda = bounded_text("agenda", &self.agenda, EventRecord::AGENDA_MAX, false)?;
        let audience = match self.audience.trim() {
            "" | "branch" => Audience::Branch,
            "committee" => Audience::Committee,
            "group" => Audience::Group {
                name: crate::party_group::PartyGroup::parse_field("group", &self.group)?.into(),
            },
            _ => return Err(FieldError::new("audience", ErrorCode::InvalidFormat)),
        };
        let topic = bounded_line(
            "study_topic",
            &self.study_topic,
            EventRecord::TOPIC_MAX,
            false,
        )?;
        let study = match (topic.is_empty(), self.study_hours.trim().is_empty()) {
            (true, true) => None,
            (true, false) => return Err(FieldError::new("study_topic", ErrorCode::Required)),
            (false, true) => return Err(FieldError::new("study_hours", ErrorCode::Required)),
            (false, false) => {
                let hours_tenths = parse_hours_tenths("study_hours", &self.study_hours)?;
                if hours_tenths == 0 {
                    return Err(FieldError::new("study_hours", ErrorCode::Required));
                }
                if hours_tenths > EventRecord::STUDY_TENTHS_MAX {
                    return Err(FieldError::with_limit(
                        "study_hours",
                        ErrorCode::TooLarge,
                        EventRecord::STUDY_TENTHS_MAX / 10,
                    ));
                }
                Some(StudyElement {
                    topic,
                    hours_tenths,
                })
            }
        };
        let cancelled = if self.cancelled {
            Some(Cancellation {
                reason: bounded_text(
                    "cancel_reason",
                    &self.cancel_reason,
                    EventRecord::REASON_MAX,
                    true,
                )?,
            })
        } else {
            None
        };
        let meeting_minutes = bounded_text(
            "meeting_minutes",
            &self.meeting_minutes,
            EventRecord::MINUTES_MAX,
            false,
        )?;
        let check_in_secret = match self.check_in_secret.trim() {
            "" => None,
            raw => Some(crate::check_in::CheckInSecret::parse(raw)?.to_hex()),
        };
        Ok(EventRecord {
            kinds,
            title,
            starts_at: from_china_local(start),
            ends_at: from_china_local(end),
            venue,
            agenda,
            audience,
            study,
            lecture_by_secretary: self.lecture_by_secretary,
            cancelled,
            series_id: self.series_id,
            meeting_minutes,
            check_in_secret,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::compliance::{Period, Status, compliance, default_requirements};

    pub(crate) fn input() -> EventInput {
        EventInput {
            kinds: vec!["theme_day".into(), "party_lecture".into()],
            title: " 十一月主题党日 ".into(),
            start: "2026-11-05T14:30".into(),
            end: "2026-11-05T16:30".into(),
            venue: "党员活动室".into(),
            audience: "branch".into(),
            study_topic: "学习党的二十届四中全会精神".into(),
            study_hours: "2".into(),
            ..Default::default()
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn minutes_are_accepted_from_the_start_on() {
        let mut e = input().parse().unwrap();
        // 14:30 China time is 06:30 UTC.
        let before = at("2026-11-05T06:29:59Z");
        assert!(
            e.check_minutes(before).is_ok(),
            "no minutes, nothing to refuse"
        );
        e.meeting_minutes = "会议由书记主持".into();
        let err = e.check_minutes(before).unwrap_err();
        assert_eq!(
            (err.field.as_str(), err.code),
            ("meeting_minutes", ErrorCode::InFuture)
        );
        assert_eq!(err.message(crate::Lang::ZhCn), "活动开始后才能填写会议记录");
        assert!(e.check_minutes(at("2026-11-05T06:30:00Z")).is_ok());
        assert!(e.check_minutes(at("2026-11-05T09:00:00Z")).is_ok());
    }

    #[test]
    fn a_valid_event_parses_to_utc_and_round_trips() {
        let e = input().parse().unwrap();
        assert_eq!(e.title, "十一月主题党日");
        assert_eq!(e.starts_at, at("2026-11-05T06:30:00Z"));
        assert_eq!(e.kinds, vec![EventKind::ThemeDay, EventKind::PartyLecture]);
        assert_eq!(e.study.as_ref().unwrap().hours_tenths, 20);
        assert_eq!(e.to_input().parse().unwrap(), e);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["kinds"][0], "theme_day");
        assert_eq!(json["audience"]["type"], "branch");
    }

    #[test]
    fn local_times_across_midnight_are_the_previous_utc_day() {
        let mut i = input();
        i.start = "2026-01-01T00:30".into();
        i.end = "2026-01-01T07:59".into();
        let e = i.parse().unwrap();
        assert_eq!(e.starts_at, at("2025-12-31T16:30:00Z"));
        assert_eq!(e.ends_at, at("2025-12-31T23:59:00Z"));
        assert_eq!(e.local_start().to_string(), "2026-01-01 00:30:00");
        // Credited on the China date, and counted in 2026's first quarter.
        assert_eq!(e.credited_study(45).unwrap().date.to_string(), "2026-01-01");
        let held = e.held_event(at("2026-01-02T00:00:00Z")).unwrap();
        let obs = compliance(
            &[held],
            &default_requirements(),
            2026,
            "2026-01-02".parse().unwrap(),
        );
        assert!(obs.iter().any(|o| o.kind == EventKind::PartyLecture
            && o.per == Period::Quarter
            && o.index == 1
            && o.status == Status::Met));
    }

    #[test]
    fn the_quarter_boundary_follows_the_local_date() {
        let quarter_of = |start: &str, end: &str| {
            let mut i = input();
            i.start = start.into();
            i.end = end.into();
            let e = i.parse().unwrap();
            let held = e.held_event(at("2026-04-02T00:00:00Z")).unwrap();
            compliance(
                &[held],
                &default_requirements(),
                2026,
                "2026-04-02".parse().unwrap(),
            )
            .into_iter()
            .find(|o| o.kind == EventKind::PartyLecture && o.per == Period::Quarter && o.held == 1)
            .map(|o| o.index)
        };
        // 23:30 on 31 March in Beijing (15:30 UTC) is the first quarter; 00:30 on 1 April
        // (still 31 March in UTC) the second.
        assert_eq!(quarter_of("2026-03-31T23:30", "2026-03-31T23:59"), Some(1));
        assert_eq!(quarter_of("2026-04-01T00:30", "2026-04-01T01:30"), Some(2));
        let e = input().parse().unwrap();
        assert_eq!(from_china_local(e.local_start()), e.starts_at);
    }

    #[test]
    fn held_means_over_and_not_cancelled() {
        let mut e = input().parse().unwrap();
        assert!(
            e.held_event(at("2026-11-05T08:00:00Z")).is_none(),
            "running"
        );
        assert!(e.held_event(at("2026-11-05T08:30:00Z")).is_some());
        e.cancelled = Some(Cancellation {
            reason: "台风".into(),
        });
        assert!(e.held_event(at("2026-12-01T00:00:00Z")).is_none());
        assert!(e.credited_study(45).is_none());
    }

    #[test]
    fn credited_hours_follow_the_branch_class_hour() {
        let e = input().parse().unwrap();
        let s = e.credited_study(45).unwrap();
        assert_eq!(
            (s.minutes, s.form),
            (90, crate::study::StudyForm::PartyLecture)
        );
        assert_eq!(e.credited_study(60).unwrap().minutes, 120);
    }

    #[test]
    fn each_bad_field_is_named() {
        type Spoil = fn(&mut EventInput);
        let cases: [(Spoil, &str, ErrorCode); 16] = [
            (|i| i.kinds.clear(), "kinds", ErrorCode::Required),
            (
                |i| i.kinds = vec!["party".into()],
                "kinds",
                ErrorCode::InvalidFormat,
            ),
            (
                |i| i.kinds = vec!["theme_day".into(), "theme_day".into()],
                "kinds",
                ErrorCode::InvalidFormat,
            ),
            (|i| i.title = " ".into(), "title", ErrorCode::Required),
            (|i| i.title = "字".repeat(101), "title", ErrorCode::TooLong),
            (|i| i.start = String::new(), "start", ErrorCode::Required),
            (
                |i| i.start = "5/11/2026 14:30".into(),
                "start",
                ErrorCode::InvalidFormat,
            ),
            (
                |i| i.end = "2026-11-05T14:30".into(),
                "end",
                ErrorCode::OutOfRange,
            ),
            (
                |i| i.end = "2026-11-13T14:30".into(),
                "end",
                ErrorCode::TooLarge,
            ),
            (
                |i| i.audience = "everyone".into(),
                "audience",
                ErrorCode::InvalidFormat,
            ),
            (
                |i| i.audience = "group".into(),
                "group",
                ErrorCode::Required,
            ),
            (
                |i| i.study_hours = String::new(),
                "study_hours",
                ErrorCode::Required,
            ),
            (
                |i| i.study_hours = "1.25".into(),
                "study_hours",
                ErrorCode::InvalidFormat,
            ),
            (
                |i| i.study_hours = "17".into(),
                "study_hours",
                ErrorCode::TooLarge,
            ),
            (|i| i.cancelled = true, "cancel_reason", ErrorCode::Required),
            (
                |i| i.check_in_secret = "abc".into(),
                "check_in_secret",
                ErrorCode::InvalidFormat,
            ),
        ];
        for (spoil, field, code) in cases {
            let mut i = input();
            spoil(&mut i);
            let e = i.parse().unwrap_err();
            assert_eq!((e.field.as_str(), e.code), (field, code), "{i:?}");
        }
    }

    #[test]
    fn members_never_receive_the_secret_nor_a_committee_agenda() {
        let mut i = input();
        i.check_in_secret = "ab".repeat(32);
        i.agenda = "人事事项".into();
        let e = i.parse().unwrap();
        assert!(e.check_in_secret.is_some());
        let seen = e.clone().for_member();
        assert_eq!(
            (seen.check_in_secret, seen.agenda.as_str()),
            (None, "人事事项")
        );
        i.audience = "committee".into();
        let seen = i.parse().unwrap().for_member();
        assert!(seen.agenda.is_empty());
    }

    #[test]
    fn kinds_and_hours_round_trip() {
        for k in EVENT_KINDS {
            assert_eq!(parse_event_kind(event_kind_str(k)), Some(k));
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::Value::from(event_kind_str(k))
            );
        }
        assert_eq!(parse_hours_tenths("h", "1.5").unwrap(), 15);
        assert_eq!(format_hours_tenths(15), "1.5");
    }
}
