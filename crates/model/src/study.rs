//! Study records (学习记录): what a member studied, when, how long and in which form.

use crate::error::{ErrorCode, FieldError};
use crate::lang::Lang;
use crate::text::{Lines, refuse_controls};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The forms of study the work plan names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StudyForm {
    /// 集中学习 (incl. 理论学习中心组)
    GroupStudy,
    /// 党课
    PartyLecture,
    /// 专题讲座 / 辅导报告
    Lecture,
    /// 集中轮训 / 专题研讨班
    Training,
    /// 自学
    SelfStudy,
    /// 网络学习 (e.g. 学习强国)
    Online,
    /// 交流研讨
    Discussion,
}

impl StudyForm {
    pub const ALL: [StudyForm; 7] = [
        StudyForm::GroupStudy,
        StudyForm::PartyLecture,
        StudyForm::Lecture,
        StudyForm::Training,
        StudyForm::SelfStudy,
        StudyForm::Online,
        StudyForm::Discussion,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StudyForm::GroupStudy => "group_study",
            StudyForm::PartyLecture => "party_lecture",
            StudyForm::Lecture => "lecture",
            StudyForm::Training => "training",
            StudyForm::SelfStudy => "self_study",
            StudyForm::Online => "online",
            StudyForm::Discussion => "discussion",
        }
    }

    pub fn parse(s: &str) -> Option<StudyForm> {
        StudyForm::ALL.into_iter().find(|f| f.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::ZhCn, StudyForm::GroupStudy) => "集中学习",
            (Lang::ZhCn, StudyForm::PartyLecture) => "党课",
            (Lang::ZhCn, StudyForm::Lecture) => "专题讲座",
            (Lang::ZhCn, StudyForm::Training) => "集中轮训",
            (Lang::ZhCn, StudyForm::SelfStudy) => "自学",
            (Lang::ZhCn, StudyForm::Online) => "网络学习",
            (Lang::ZhCn, StudyForm::Discussion) => "交流研讨",
            (Lang::En, StudyForm::GroupStudy) => "Group study",
            (Lang::En, StudyForm::PartyLecture) => "Party lecture",
            (Lang::En, StudyForm::Lecture) => "Lecture",
            (Lang::En, StudyForm::Training) => "Training course",
            (Lang::En, StudyForm::SelfStudy) => "Self-study",
            (Lang::En, StudyForm::Online) => "Online study",
            (Lang::En, StudyForm::Discussion) => "Discussion",
        }
    }
}

/// A valid study record, as stored and synced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudyRecord {
    pub date: NaiveDate,
    pub minutes: u32,
    pub form: StudyForm,
    pub topic: String,
    #[serde(default)]
    pub notes: String,
    /// The branch study-plan item this session covered, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_item_id: Option<Uuid>,
}

/// A study record as typed: every field a string or number as the form gives it, so any
/// mistake reaches `parse` and comes back as an error naming the field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudyInput {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub minutes: i64,
    #[serde(default)]
    pub form: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_item_id: Option<Uuid>,
}

impl StudyRecord {
    /// A week of full training days; a longer course is recorded in parts.
    pub const MAX_MINUTES: u32 = 40 * 60;
    pub const TOPIC_MAX: u32 = 200;
    pub const NOTES_MAX: u32 = 5000;
    /// The earliest year a record may carry: nothing older is useful to any report.
    pub const MIN_YEAR: i32 = 2000;

    /// The input for editing this record in a form.
    pub fn to_input(&self) -> StudyInput {
        StudyInput {
            date: self.date.to_string(),
            minutes: i64::from(self.minutes),
            form: self.form.as_str().to_owned(),
            topic: self.topic.clone(),
            notes: self.notes.clone(),
            plan_item_id: self.plan_item_id,
        }
    }
}

impl StudyInput {
    /// Parses the input. `today` is the local date (Asia/Shanghai) of whoever checks: a
    /// record may not be dated in the future, with a day's slack for clocks and zones.
    pub fn parse(&self, today: NaiveDate) -> Result<StudyRecord, FieldError> {
        let date = parse_date("date", &self.date)?;
        if date.year() < StudyRecord::MIN_YEAR {
            return Err(FieldError::new("date", ErrorCode::OutOfRange));
        }
        if date > today.succ_opt().unwrap_or(today) {
            return Err(FieldError::new("date", ErrorCode::InFuture));
        }
        if self.minutes <= 0 {
            return Err(FieldError::new("minutes", ErrorCode::Required));
        }
        let minutes = u32::try_from(self.minutes)
            .ok()
            .filter(|m| *m <= StudyRecord::MAX_MINUTES)
            .ok_or_else(|| {
                FieldError::with_limit("minutes", ErrorCode::TooLarge, StudyRecord::MAX_MINUTES)
            })?;
        let form = StudyForm::parse(self.form.trim()).ok_or_else(|| {
            let code = if self.form.trim().is_empty() {
                ErrorCode::Required
            } else {
                ErrorCode::InvalidFormat
            };
            FieldError::new("form", code)
        })?;
        let topic = bounded_line("topic", &self.topic, StudyRecord::TOPIC_MAX, true)?;
        let notes = bounded_text("notes", &self.notes, StudyRecord::NOTES_MAX, false)?;
        Ok(StudyRecord {
            date,
            minutes,
            form,
            topic,
            notes,
            plan_item_id: self.plan_item_id,
        })
    }
}

/// A `YYYY-MM-DD` date field, within the portal's bounds (`ymd::parse_field`).
pub fn parse_date(field: &str, raw: &str) -> Result<NaiveDate, FieldError> {
    crate::ymd::parse_field(field, raw)
}

/// Trimmed multi-line text of at most `max` characters; `required` refuses empty text.
pub fn bounded_text(
    field: &str,
    raw: &str,
    max: u32,
    required: bool,
) -> Result<String, FieldError> {
    bounded(field, raw, max, required, Lines::Many)
}

/// As [`bounded_text`], for a one-line field (a title, a topic, a name).
pub fn bounded_line(
    field: &str,
    raw: &str,
    max: u32,
    required: bool,
) -> Result<String, FieldError> {
    bounded(field, raw, max, required, Lines::One)
}

fn bounded(
    field: &str,
    raw: &str,
    max: u32,
    required: bool,
    lines: Lines,
) -> Result<String, FieldError> {
    let text = raw.trim();
    if required && text.is_empty() {
        return Err(FieldError::new(field, ErrorCode::Required));
    }
    if text.chars().count() > max as usize {
        return Err(FieldError::with_limit(field, ErrorCode::TooLong, max));
    }
    refuse_controls(field, text, lines)?;
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn input() -> StudyInput {
        StudyInput {
            date: "2026-11-27".into(),
            minutes: 90,
            form: "group_study".into(),
            topic: "  学习党的二十届四中全会精神 ".into(),
            notes: String::new(),
            plan_item_id: None,
        }
    }

    #[test]
    fn a_valid_input_parses_and_trims() {
        let r = input().parse(today()).unwrap();
        assert_eq!(r.topic, "学习党的二十届四中全会精神");
        assert_eq!(r.form, StudyForm::GroupStudy);
        assert_eq!(r.to_input().parse(today()).unwrap(), r);
    }

    #[test]
    fn each_bad_field_is_named() {
        type Spoil = fn(&mut StudyInput);
        let cases: [(Spoil, &str, ErrorCode); 9] = [
            (|i| i.date = String::new(), "date", ErrorCode::Required),
            (
                |i| i.date = "27/11/2026".into(),
                "date",
                ErrorCode::InvalidFormat,
            ),
            (
                |i| i.date = "2026-12-01".into(),
                "date",
                ErrorCode::InFuture,
            ),
            (
                |i| i.date = "1999-12-31".into(),
                "date",
                ErrorCode::OutOfRange,
            ),
            (|i| i.minutes = 0, "minutes", ErrorCode::Required),
            (|i| i.minutes = 100_000, "minutes", ErrorCode::TooLarge),
            (
                |i| i.form = "karaoke".into(),
                "form",
                ErrorCode::InvalidFormat,
            ),
            (|i| i.topic = "   ".into(), "topic", ErrorCode::Required),
            (|i| i.notes = "字".repeat(5001), "notes", ErrorCode::TooLong),
        ];
        for (spoil, field, code) in cases {
            let mut i = input();
            spoil(&mut i);
            let e = i.parse(today()).unwrap_err();
            assert_eq!((e.field.as_str(), e.code), (field, code), "{i:?}");
        }
    }

    #[test]
    fn tomorrow_is_allowed_for_clock_and_zone_slack() {
        let mut i = input();
        i.date = "2026-11-29".into();
        assert!(i.parse(today()).is_ok());
    }

    #[test]
    fn forms_round_trip() {
        for f in StudyForm::ALL {
            assert_eq!(StudyForm::parse(f.as_str()), Some(f));
            assert_ne!(f.label(Lang::ZhCn), f.label(Lang::En));
        }
    }
}
