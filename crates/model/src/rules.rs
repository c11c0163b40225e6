//! The numbers the portal computes with, each in one place with its source. A branch may
//! override any of them (its settings carry the same fields); where central rules are
//! silent the default is a setting, not a law.

use crate::account::Role;
use serde::{Deserialize, Serialize};

/// A rule value together with the regulation it comes from, so every figure the portal
/// shows can say why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cited<T> {
    pub value: T,
    pub source: &'static str,
}

/// 集中学习培训, members: at least 32 学时 a year.
pub const STUDY_HOURS_MEMBER: Cited<u32> = Cited {
    value: 32,
    source: "中国共产党党员教育管理工作条例（2019）第二十条；2019—2023年全国党员教育培训工作规划",
};

/// 集中学习培训, branch secretaries and committee members: at least 56 学时 a year.
pub const STUDY_HOURS_CADRE: Cited<u32> = Cited {
    value: 56,
    source: "中国共产党党员教育管理工作条例（2019）第二十条；2019—2023年全国党员教育培训工作规划",
};

/// 1 学时 = 45 minutes is a common convention, not a central rule: a branch setting.
pub const MINUTES_PER_STUDY_HOUR: Cited<u32> = Cited {
    value: 45,
    source: "通行做法（地方规定）：1学时按45分钟计，支部可调整",
};

/// The minutes a branch may count as one 学时: a class hour is 45 minutes by the common
/// convention, an hour at most; below 30 nobody would call it a class hour.
pub const MINUTES_PER_HOUR_RANGE: std::ops::RangeInclusive<u32> = 30..=60;

/// The highest annual 学时 target a branch may set (the cadres' 56 with room to spare;
/// a typo of 560 is caught).
pub const TARGET_HOURS_MAX: u32 = 200;

/// 谈心谈话: at least once a year between every pair of committee members, every committee
/// member and each member, and members among themselves — read as every pair within the
/// branch (`coverage.rs`).
pub const TALKS_PER_PAIR_PER_YEAR: Cited<u32> = Cited {
    value: 1,
    source: "中国共产党支部工作条例（试行）（2018）第十九条",
};

/// A branch's study settings: the defaults above unless the branch changed them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudySettings {
    pub target_hours_member: u32,
    pub target_hours_cadre: u32,
    pub minutes_per_hour: u32,
}

impl Default for StudySettings {
    fn default() -> Self {
        Self {
            target_hours_member: STUDY_HOURS_MEMBER.value,
            target_hours_cadre: STUDY_HOURS_CADRE.value,
            minutes_per_hour: MINUTES_PER_STUDY_HOUR.value,
        }
    }
}

impl StudySettings {
    /// The annual 学时 target for a role; `None` when the member's target is waived
    /// (elderly or frail members: 党员教育管理工作条例 第二十三条).
    pub fn target_hours(&self, role: Role, waived: bool) -> Option<u32> {
        if waived {
            return None;
        }
        Some(match role {
            Role::Secretary | Role::Committee => self.target_hours_cadre,
            Role::Member | Role::Admin => self.target_hours_member,
        })
    }

    /// Minutes to 学时, in tenths so that sums stay exact (e.g. 90 min at 45 → 20 = 2.0).
    pub fn tenths_of_hours(&self, minutes: u32) -> u32 {
        let per = self.minutes_per_hour.max(1);
        (minutes * 10 + per / 2) / per
    }
}

/// Whether someone is behind an even pace through the year: done < target × elapsed share,
/// with a week's grace so nobody is marked behind on 2 January.
pub fn behind_pace(
    done_tenths: u32,
    target_hours: u32,
    day_of_year: u32,
    days_in_year: u32,
) -> bool {
    let grace = 7;
    if day_of_year <= grace {
        return false;
    }
    let expected_tenths = u64::from(target_hours) * 10 * u64::from(day_of_year - grace)
        / u64::from(days_in_year.max(1));
    u64::from(done_tenths) < expected_tenths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_by_role_and_waiver() {
        let s = StudySettings::default();
        assert_eq!(s.target_hours(Role::Member, false), Some(32));
        assert_eq!(s.target_hours(Role::Secretary, false), Some(56));
        assert_eq!(s.target_hours(Role::Committee, false), Some(56));
        assert_eq!(s.target_hours(Role::Member, true), None);
    }

    #[test]
    fn minutes_convert_to_tenths_of_study_hours() {
        let s = StudySettings::default();
        assert_eq!(s.tenths_of_hours(45), 10);
        assert_eq!(s.tenths_of_hours(90), 20);
        assert_eq!(s.tenths_of_hours(60), 13);
        let hourly = StudySettings {
            minutes_per_hour: 60,
            ..s
        };
        assert_eq!(hourly.tenths_of_hours(60), 10);
    }

    #[test]
    fn pace_has_a_grace_week_and_scales_with_the_year() {
        assert!(!behind_pace(0, 32, 5, 365));
        assert!(behind_pace(0, 32, 30, 365));
        assert!(!behind_pace(160, 32, 183, 365));
        assert!(behind_pace(100, 32, 183, 365));
    }
}
