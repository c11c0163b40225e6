//! A branch's settings for its activities (self check-in on or off; its own 三会一课
//! requirements where they differ from the defaults), the secretary's compliance view, and
//! members' 政治生日 for the branch calendar.

use crate::compliance::{EventKind, Obligation, Period, Requirement, default_requirements};
use crate::error::{ErrorCode, FieldError};
use crate::ids::MemberId;
use crate::lang::Lang;
use crate::study::bounded_line;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// `GET`/`PUT /api/v1/branch/event-settings` (read by every member of the branch, written
/// by its secretary and committee).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventSettings {
    /// Members may check themselves in with the rotating code. Off by default.
    #[serde(default)]
    pub self_check_in: bool,
    /// The branch's requirements; `None` uses `compliance::default_requirements()`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirements: Option<Vec<Requirement>>,
}

impl EventSettings {
    pub fn requirements(&self) -> Vec<Requirement> {
        self.requirements
            .clone()
            .unwrap_or_else(default_requirements)
    }
}

/// One requirement as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequirementInput {
    pub kind: EventKind,
    pub per: Period,
    #[serde(default)]
    pub times: i64,
    #[serde(default)]
    pub by_secretary: bool,
    /// Where the rule comes from (the branch's own decision, a local rule …).
    #[serde(default)]
    pub source: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventSettingsInput {
    #[serde(default)]
    pub self_check_in: bool,
    /// `None` (or absent): the defaults.
    #[serde(default)]
    pub requirements: Option<Vec<RequirementInput>>,
}

/// More than this many a period is no rule a branch could keep.
pub const TIMES_MAX: u32 = 10;
pub const SOURCE_MAX: u32 = 200;
const REQUIREMENTS_MAX: usize = 30;

impl From<Requirement> for RequirementInput {
    fn from(r: Requirement) -> Self {
        Self {
            kind: r.kind,
            per: r.per,
            times: i64::from(r.times),
            by_secretary: r.by_secretary,
            source: r.source,
        }
    }
}

impl EventSettingsInput {
    pub fn parse(&self) -> Result<EventSettings, FieldError> {
        let requirements = match &self.requirements {
            None => None,
            Some(list) => {
                if list.len() > REQUIREMENTS_MAX {
                    return Err(FieldError::with_limit(
                        "requirements",
                        ErrorCode::TooLarge,
                        REQUIREMENTS_MAX as u32,
                    ));
                }
                let mut out: Vec<Requirement> = Vec::with_capacity(list.len());
                for r in list {
                    let bad = |code| FieldError::new("requirements", code);
                    if r.kind == EventKind::Other
                        || (r.by_secretary && r.kind != EventKind::PartyLecture)
                    {
                        return Err(bad(ErrorCode::InvalidFormat));
                    }
                    let times = u32::try_from(r.times)
                        .ok()
                        .filter(|t| (1..=TIMES_MAX).contains(t))
                        .ok_or_else(|| bad(ErrorCode::OutOfRange))?;
                    // One rule per kind (and per secretary's lecture): two would disagree.
                    if out
                        .iter()
                        .any(|o| o.kind == r.kind && o.by_secretary == r.by_secretary)
                    {
                        return Err(bad(ErrorCode::InvalidFormat));
                    }
                    out.push(Requirement {
                        kind: r.kind,
                        per: r.per,
                        times,
                        by_secretary: r.by_secretary,
                        source: bounded_line("requirements", &r.source, SOURCE_MAX, true)?,
                    });
                }
                Some(out)
            }
        };
        Ok(EventSettings {
            self_check_in: self.self_check_in,
            requirements,
        })
    }
}

/// One obligation with its sentence in the caller's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObligationView {
    #[serde(flatten)]
    pub obligation: Obligation,
    pub text: String,
}

/// `GET /api/v1/branch/compliance?year=` (the branch's secretary and committee): every
/// requirement for every period begun, each with its source, from the events held
/// (cancelled and not yet ended events do not count).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BranchCompliance {
    pub year: i32,
    pub requirements: Vec<Requirement>,
    pub obligations: Vec<ObligationView>,
}

impl BranchCompliance {
    pub fn new(
        year: i32,
        requirements: Vec<Requirement>,
        obligations: Vec<Obligation>,
        lang: Lang,
    ) -> Self {
        Self {
            year,
            requirements,
            obligations: obligations
                .into_iter()
                .map(|o| ObligationView {
                    text: o.describe(lang),
                    obligation: o,
                })
                .collect(),
        }
    }
}

/// A member's 政治生日 (the anniversary of joining the Party) on the branch calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PoliticalBirthday {
    pub member_id: MemberId,
    pub display_name: String,
    pub joined_on: NaiveDate,
    /// The anniversary in the year asked for.
    pub date: NaiveDate,
    /// Years in the Party on that date.
    pub years: i32,
}

/// `GET /api/v1/branch/political-birthdays?year=`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PoliticalBirthdays {
    pub year: i32,
    /// By date; members who chose to hide theirs are not listed.
    pub birthdays: Vec<PoliticalBirthday>,
}

/// `PUT /api/v1/me/political-birthday`: whether the member's own is hidden.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PoliticalBirthdayVisibility {
    pub hidden: bool,
}

/// The anniversary of `joined` in `year` (29 February falls on 28 February in other
/// years); `None` before the joining year.
pub fn anniversary(joined: NaiveDate, year: i32) -> Option<NaiveDate> {
    if year <= joined.year() {
        return None;
    }
    NaiveDate::from_ymd_opt(year, joined.month(), joined.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))
}

/// `POST /api/v1/me/calendar-feed`: the member's private calendar address (a new one each
/// time; the old one stops working). `DELETE` revokes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarFeed {
    /// `/api/v1/calendar/<token>.ics`, relative to the portal's origin.
    pub path: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lectures_twice_a_year_is_a_valid_override() {
        let mut list: Vec<RequirementInput> =
            default_requirements().into_iter().map(Into::into).collect();
        for r in list
            .iter_mut()
            .filter(|r| r.kind == EventKind::PartyLecture && !r.by_secretary)
        {
            r.per = Period::HalfYear;
            r.source = "本支部规定".into();
        }
        let input = EventSettingsInput {
            self_check_in: true,
            requirements: Some(list.clone()),
        };
        let s = input.parse().unwrap();
        assert!(
            s.requirements()
                .iter()
                .any(|r| r.kind == EventKind::PartyLecture
                    && r.per == Period::HalfYear
                    && r.source == "本支部规定")
        );
        assert_eq!(
            EventSettings::default().requirements(),
            default_requirements()
        );

        type Spoil = fn(&mut Vec<RequirementInput>);
        let cases: [Spoil; 5] = [
            |l| l[0].times = 0,
            |l| l[0].times = 11,
            |l| l[0].source = " ".into(),
            |l| l[0].kind = EventKind::Other,
            |l| {
                let again = l[0].clone();
                l.push(again)
            },
        ];
        for spoil in cases {
            let mut l = list.clone();
            spoil(&mut l);
            let e = EventSettingsInput {
                self_check_in: false,
                requirements: Some(l),
            }
            .parse()
            .unwrap_err();
            assert_eq!(e.field, "requirements");
        }
    }

    #[test]
    fn anniversaries_in_leap_and_common_years() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(anniversary(d("2000-02-29"), 2026), Some(d("2026-02-28")));
        assert_eq!(anniversary(d("2000-02-29"), 2028), Some(d("2028-02-29")));
        assert_eq!(anniversary(d("1995-07-01"), 2026), Some(d("2026-07-01")));
        assert_eq!(anniversary(d("2026-07-01"), 2026), None);
    }
}
