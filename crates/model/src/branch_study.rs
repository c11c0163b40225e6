//! A branch's study settings, a member's own study profile, and the secretary's overview
//! of the branch's study (学时 against targets, plan items done), all computed from the
//! members' own records: nobody fills in a report.
//!
//! The overview lists members by login (pinyin), never ranked by hours: progress is shown
//! so the secretary sees which obligations are still open, not as a leaderboard (see the
//! regulations on government apps, 国办函〔2026〕12号, which forbid 积分排名).

use crate::account::Role;
use crate::error::{ErrorCode, FieldError};
use crate::ids::MemberId;
use crate::rules::{MINUTES_PER_HOUR_RANGE, StudySettings, TARGET_HOURS_MAX};
use serde::{Deserialize, Serialize};

/// `GET /api/v1/study/profile`: what the member's own progress is measured against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudyProfile {
    /// The branch's settings (the defaults when it never changed them).
    pub settings: StudySettings,
    /// The member's annual target is waived (党员教育管理工作条例 第二十三条).
    pub waived: bool,
    /// The member's annual target in 学时; `None` when waived.
    pub target_hours: Option<u32>,
    /// Study the member is credited with by attending branch events with a study element
    /// (by the attendance sheet or a self check-in): counted in their progress with their
    /// own records, never entered by them.
    #[serde(default)]
    pub credited: Vec<crate::study::StudyRecord>,
}

/// One member's line in the overview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberStudy {
    pub member_id: MemberId,
    pub display_name: String,
    pub login: String,
    pub role: Role,
    /// 学时 in the year, in tenths (325 = 32.5).
    pub tenths: u32,
    /// `None` when the member's target is waived.
    pub target_hours: Option<u32>,
    /// Below an even pace through the (current) year.
    pub behind: bool,
    /// Live plan items of the year that the member ticked off.
    pub plan_done: u32,
    /// The member joined the branch during the year (组织关系转入): their study before
    /// this day counts for the branch they came from.
    #[serde(default, with = "crate::ymd", skip_serializing_if = "Option::is_none")]
    pub counted_from: Option<chrono::NaiveDate>,
    /// The member left the branch during the year (transferred, 转出, 停止党籍, 去世):
    /// counted up to the day before.
    #[serde(default, with = "crate::ymd", skip_serializing_if = "Option::is_none")]
    pub counted_until: Option<chrono::NaiveDate>,
}

/// `GET /api/v1/branch/study?year=YYYY` (the branch's secretary and committee only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BranchStudyOverview {
    pub year: i32,
    /// Ordered by login, never by hours.
    pub members: Vec<MemberStudy>,
    /// Live plan items due in the year.
    pub plan_items: u32,
}

/// `PUT /api/v1/branch/study-settings`, as typed: numbers as the form gives them, so a
/// negative or huge one is a field error rather than an unreadable body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudySettingsInput {
    #[serde(default)]
    pub target_hours_member: i64,
    #[serde(default)]
    pub target_hours_cadre: i64,
    #[serde(default)]
    pub minutes_per_hour: i64,
}

impl From<StudySettings> for StudySettingsInput {
    fn from(s: StudySettings) -> Self {
        Self {
            target_hours_member: i64::from(s.target_hours_member),
            target_hours_cadre: i64::from(s.target_hours_cadre),
            minutes_per_hour: i64::from(s.minutes_per_hour),
        }
    }
}

impl StudySettingsInput {
    pub fn parse(&self) -> Result<StudySettings, FieldError> {
        let target = |field: &str, v: i64| {
            if v < 0 {
                return Err(FieldError::new(field, ErrorCode::OutOfRange));
            }
            u32::try_from(v)
                .ok()
                .filter(|v| *v <= TARGET_HOURS_MAX)
                .ok_or_else(|| FieldError::with_limit(field, ErrorCode::TooLarge, TARGET_HOURS_MAX))
        };
        let minutes_per_hour = u32::try_from(self.minutes_per_hour)
            .ok()
            .filter(|m| MINUTES_PER_HOUR_RANGE.contains(m))
            .ok_or_else(|| FieldError::new("minutes_per_hour", ErrorCode::OutOfRange))?;
        Ok(StudySettings {
            target_hours_member: target("target_hours_member", self.target_hours_member)?,
            target_hours_cadre: target("target_hours_cadre", self.target_hours_cadre)?,
            minutes_per_hour,
        })
    }
}

/// `PUT /api/v1/branch/members/{id}/study-waiver`, and its answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudyWaiver {
    pub waived: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_bounds_name_the_field() {
        let ok = StudySettingsInput::from(StudySettings::default());
        assert_eq!(ok.parse().unwrap(), StudySettings::default());
        type Spoil = fn(&mut StudySettingsInput);
        let cases: [(Spoil, &str, ErrorCode); 6] = [
            (
                |i| i.minutes_per_hour = 29,
                "minutes_per_hour",
                ErrorCode::OutOfRange,
            ),
            (
                |i| i.minutes_per_hour = 61,
                "minutes_per_hour",
                ErrorCode::OutOfRange,
            ),
            (
                |i| i.minutes_per_hour = -45,
                "minutes_per_hour",
                ErrorCode::OutOfRange,
            ),
            (
                |i| i.target_hours_member = 201,
                "target_hours_member",
                ErrorCode::TooLarge,
            ),
            (
                |i| i.target_hours_cadre = -1,
                "target_hours_cadre",
                ErrorCode::OutOfRange,
            ),
            (
                |i| i.target_hours_cadre = i64::MAX,
                "target_hours_cadre",
                ErrorCode::TooLarge,
            ),
        ];
        for (spoil, field, code) in cases {
            let mut i = ok.clone();
            spoil(&mut i);
            let e = i.parse().unwrap_err();
            assert_eq!((e.field.as_str(), e.code), (field, code), "{i:?}");
        }
        let edges = StudySettingsInput {
            target_hours_member: 0,
            target_hours_cadre: 200,
            minutes_per_hour: 30,
        };
        assert!(edges.parse().is_ok());
        assert!(
            StudySettingsInput {
                minutes_per_hour: 60,
                ..edges
            }
            .parse()
            .is_ok()
        );
    }
}
