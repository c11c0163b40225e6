//! A member's study progress for a year, computed from their records alone (enter once:
//! nobody types a total). The SPA shows it to the member; the server gives the same
//! figures to the secretary.

use crate::account::Role;
use crate::rules::{StudySettings, behind_pace};
use crate::study::{StudyForm, StudyRecord};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearProgress {
    pub year: i32,
    /// Minutes studied in the year.
    pub minutes: u32,
    /// The same in tenths of a 学时 (e.g. 325 = 32.5 学时).
    pub tenths: u32,
    /// `None` when the member's target is waived.
    pub target_hours: Option<u32>,
    /// Tenths of 学时 per form, in [`StudyForm::ALL`] order, forms with none left out.
    pub by_form: Vec<(StudyForm, u32)>,
    /// Tenths of 学时 per month, January first.
    pub by_month: [u32; 12],
    /// Below an even pace through the year (only for the current year).
    pub behind: bool,
}

impl YearProgress {
    /// Share of the target done, 0–1000 (per mille), capped; `None` when waived.
    pub fn per_mille(&self) -> Option<u32> {
        self.target_hours
            .map(|t| (self.tenths * 100 / t.max(1)).min(1000))
    }
}

pub fn year_progress<'a>(
    records: impl IntoIterator<Item = &'a StudyRecord>,
    year: i32,
    settings: &StudySettings,
    role: Role,
    waived: bool,
    today: NaiveDate,
) -> YearProgress {
    let mut minutes = 0;
    let mut form_minutes = [0u32; StudyForm::ALL.len()];
    let mut month_minutes = [0u32; 12];
    for r in records.into_iter().filter(|r| r.date.year() == year) {
        minutes += r.minutes;
        let f = StudyForm::ALL
            .iter()
            .position(|f| *f == r.form)
            .unwrap_or(0);
        form_minutes[f] += r.minutes;
        month_minutes[r.date.month0() as usize] += r.minutes;
    }
    let tenths = settings.tenths_of_hours(minutes);
    let target_hours = settings.target_hours(role, waived);
    let behind = match target_hours {
        Some(t) if today.year() == year => {
            let days = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
                366
            } else {
                365
            };
            behind_pace(tenths, t, today.ordinal(), days)
        }
        _ => false,
    };
    YearProgress {
        year,
        minutes,
        tenths,
        target_hours,
        by_form: StudyForm::ALL
            .into_iter()
            .zip(form_minutes)
            .filter(|(_, m)| *m > 0)
            .map(|(f, m)| (f, settings.tenths_of_hours(m)))
            .collect(),
        by_month: month_minutes.map(|m| settings.tenths_of_hours(m)),
        behind,
    }
}

/// Tenths of 学时 per week (Monday first) for the `weeks` weeks ending with today's.
pub fn weekly_tenths<'a>(
    records: impl IntoIterator<Item = &'a StudyRecord>,
    weeks: u32,
    settings: &StudySettings,
    today: NaiveDate,
) -> Vec<(NaiveDate, u32)> {
    let this_monday = today.week(Weekday::Mon).first_day();
    let first = this_monday - Duration::weeks(i64::from(weeks.saturating_sub(1)));
    let mut minutes = vec![0u32; weeks as usize];
    for r in records {
        if r.date < first || r.date > today {
            continue;
        }
        let idx = ((r.date - first).num_days() / 7) as usize;
        if let Some(m) = minutes.get_mut(idx) {
            *m += r.minutes;
        }
    }
    minutes
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            (
                first + Duration::weeks(i as i64),
                settings.tenths_of_hours(m),
            )
        })
        .collect()
}

/// "32.5" from tenths.
pub fn format_tenths(tenths: u32) -> String {
    if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(date: &str, minutes: u32, form: StudyForm) -> StudyRecord {
        StudyRecord {
            date: date.parse().unwrap(),
            minutes,
            form,
            topic: "t".into(),
            notes: String::new(),
            plan_item_id: None,
        }
    }

    #[test]
    fn sums_minutes_before_converting_and_splits_by_form_and_month() {
        let s = StudySettings::default();
        let today: NaiveDate = "2026-11-28".parse().unwrap();
        let rs = [
            rec("2026-01-05", 30, StudyForm::SelfStudy),
            rec("2026-01-06", 15, StudyForm::SelfStudy),
            rec("2026-11-02", 90, StudyForm::GroupStudy),
            rec("2025-12-31", 450, StudyForm::Training),
        ];
        let p = year_progress(&rs, 2026, &s, Role::Member, false, today);
        assert_eq!(p.minutes, 135);
        assert_eq!(p.tenths, 30);
        assert_eq!(
            p.by_form,
            vec![(StudyForm::GroupStudy, 20), (StudyForm::SelfStudy, 10)]
        );
        assert_eq!(p.by_month[0], 10);
        assert_eq!(p.by_month[10], 20);
        assert!(p.behind);
        assert_eq!(p.per_mille(), Some(93));
        // The year boundary: the 31 December record belongs to 2025 only.
        assert_eq!(
            year_progress(&rs, 2025, &s, Role::Member, false, today).tenths,
            100
        );
    }

    #[test]
    fn a_waived_target_is_never_behind() {
        let today: NaiveDate = "2026-11-28".parse().unwrap();
        let p = year_progress(
            &[],
            2026,
            &StudySettings::default(),
            Role::Member,
            true,
            today,
        );
        assert_eq!(
            (p.target_hours, p.behind, p.per_mille()),
            (None, false, None)
        );
    }

    #[test]
    fn weeks_start_on_monday_and_end_with_this_week() {
        let s = StudySettings::default();
        let today: NaiveDate = "2026-11-28".parse().unwrap(); // a Saturday
        let rs = [
            rec("2026-11-23", 45, StudyForm::Online),
            rec("2026-11-22", 90, StudyForm::Online),
        ];
        let w = weekly_tenths(&rs, 2, &s, today);
        assert_eq!(w[0], ("2026-11-16".parse().unwrap(), 20));
        assert_eq!(w[1], ("2026-11-23".parse().unwrap(), 10));
    }

    #[test]
    fn tenths_format() {
        assert_eq!(format_tenths(325), "32.5");
        assert_eq!(format_tenths(320), "32");
    }
}
