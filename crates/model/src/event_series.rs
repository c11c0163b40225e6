//! Repeating events (e.g. 主题党日 on a fixed day each month): the secretary's phone
//! expands a rule into dates and writes one event per date, all carrying the series id,
//! so a series works offline and each event can later be moved or cancelled on its own.

use crate::error::{ErrorCode, FieldError};
use crate::event::{EventInput, parse_local_datetime};
use crate::study::parse_date;
use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How a series repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "every", rename_all = "snake_case")]
pub enum Repeat {
    /// Every week on a weekday.
    Weekly {
        // chrono writes a weekday as its English abbreviation.
        #[cfg_attr(feature = "openapi", schema(value_type = String, example = "Mon"))]
        weekday: Weekday,
    },
    /// Every month on a day (1–31); in a shorter month, its last day.
    MonthlyOnDay { day: u32 },
    /// Every month on the nth weekday (1–4), or the last one (`nth` = -1).
    MonthlyNthWeekday {
        nth: i8,
        // chrono writes a weekday as its English abbreviation.
        #[cfg_attr(feature = "openapi", schema(value_type = String, example = "Mon"))]
        weekday: Weekday,
    },
}

/// The most events one series writes (two years of weekly events).
pub const SERIES_MAX: usize = 104;

impl Repeat {
    pub fn check(&self) -> Result<(), FieldError> {
        let ok = match self {
            Repeat::Weekly { .. } => true,
            Repeat::MonthlyOnDay { day } => (1..=31).contains(day),
            Repeat::MonthlyNthWeekday { nth, .. } => (1..=4).contains(nth) || *nth == -1,
        };
        if ok {
            Ok(())
        } else {
            Err(FieldError::new("repeat", ErrorCode::OutOfRange))
        }
    }

    /// Every date of the series from `from` to `until` (both included), at most
    /// [`SERIES_MAX`].
    pub fn dates(&self, from: NaiveDate, until: NaiveDate) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        match *self {
            Repeat::Weekly { weekday } => {
                let ahead = (7 + weekday.num_days_from_monday()
                    - from.weekday().num_days_from_monday())
                    % 7;
                let mut d = from + Duration::days(i64::from(ahead));
                while d <= until && out.len() < SERIES_MAX {
                    out.push(d);
                    d += Duration::weeks(1);
                }
            }
            Repeat::MonthlyOnDay { .. } | Repeat::MonthlyNthWeekday { .. } => {
                let mut month = from.with_day(1).expect("every month has a first day");
                while month <= until && out.len() < SERIES_MAX {
                    if let Some(d) = self.in_month(month).filter(|d| *d >= from && *d <= until) {
                        out.push(d);
                    }
                    month = match month.checked_add_months(Months::new(1)) {
                        Some(next) => next,
                        None => break,
                    };
                }
            }
        }
        out
    }

    /// The series' date in the month starting at `first`.
    fn in_month(&self, first: NaiveDate) -> Option<NaiveDate> {
        let last = first.checked_add_months(Months::new(1))? - Duration::days(1);
        match *self {
            Repeat::Weekly { .. } => None,
            Repeat::MonthlyOnDay { day } => first.with_day(day.min(last.day())),
            Repeat::MonthlyNthWeekday { nth: -1, weekday } => {
                let back = (7 + last.weekday().num_days_from_monday()
                    - weekday.num_days_from_monday())
                    % 7;
                Some(last - Duration::days(i64::from(back)))
            }
            Repeat::MonthlyNthWeekday { nth, weekday } => NaiveDate::from_weekday_of_month_opt(
                first.year(),
                first.month(),
                weekday,
                nth as u8,
            ),
        }
    }
}

/// A series as typed: the rule, the dates it runs between (`YYYY-MM-DD`), and the
/// template event whose `start`/`end` give the time of day (and the event's length).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeriesInput {
    pub repeat: Repeat,
    pub from: String,
    pub until: String,
    pub template: EventInput,
}

impl SeriesInput {
    /// One event input per date, each with `series_id` set; the template's date is
    /// replaced by each date, keeping its times and length. Errors name the field.
    pub fn expand(&self, series_id: Uuid) -> Result<Vec<EventInput>, FieldError> {
        self.repeat.check()?;
        let from = parse_date("from", &self.from)?;
        let until = parse_date("until", &self.until)?;
        if until < from {
            return Err(FieldError::new("until", ErrorCode::OutOfRange));
        }
        let start = parse_local_datetime("start", &self.template.start)?;
        let end = parse_local_datetime("end", &self.template.end)?;
        let length = end - start;
        let dates = self.repeat.dates(from, until);
        if dates.is_empty() {
            return Err(FieldError::new("until", ErrorCode::OutOfRange));
        }
        let format = "%Y-%m-%dT%H:%M";
        Ok(dates
            .into_iter()
            .map(|d| {
                let s = d.and_time(start.time());
                EventInput {
                    start: s.format(format).to_string(),
                    end: (s + length).format(format).to_string(),
                    series_id: Some(series_id),
                    ..self.template.clone()
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn strings(dates: Vec<NaiveDate>) -> Vec<String> {
        dates.into_iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn the_31st_falls_back_to_each_month_end_and_leap_days() {
        let r = Repeat::MonthlyOnDay { day: 31 };
        assert_eq!(
            strings(r.dates(day("2028-01-01"), day("2028-04-30"))),
            ["2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30"]
        );
        let r = Repeat::MonthlyOnDay { day: 29 };
        assert_eq!(
            strings(r.dates(day("2026-01-15"), day("2026-03-31"))),
            ["2026-01-29", "2026-02-28", "2026-03-29"]
        );
    }

    #[test]
    fn nth_and_last_weekdays() {
        let first_fri = Repeat::MonthlyNthWeekday {
            nth: 1,
            weekday: Weekday::Fri,
        };
        assert_eq!(
            strings(first_fri.dates(day("2026-11-01"), day("2027-01-31"))),
            ["2026-11-06", "2026-12-04", "2027-01-01"]
        );
        let last_thu = Repeat::MonthlyNthWeekday {
            nth: -1,
            weekday: Weekday::Thu,
        };
        assert_eq!(
            strings(last_thu.dates(day("2028-02-01"), day("2028-03-31"))),
            ["2028-02-24", "2028-03-30"]
        );
        // A start after this month's date begins next month.
        assert_eq!(
            strings(first_fri.dates(day("2026-11-07"), day("2026-12-31"))),
            ["2026-12-04"]
        );
    }

    #[test]
    fn weekly_and_the_cap() {
        let r = Repeat::Weekly {
            weekday: Weekday::Mon,
        };
        assert_eq!(
            strings(r.dates(day("2026-12-25"), day("2027-01-11"))),
            ["2026-12-28", "2027-01-04", "2027-01-11"]
        );
        assert_eq!(
            r.dates(day("2026-01-01"), day("2030-12-31")).len(),
            SERIES_MAX
        );
        assert!(Repeat::MonthlyOnDay { day: 0 }.check().is_err());
        assert!(
            Repeat::MonthlyNthWeekday {
                nth: 5,
                weekday: Weekday::Mon
            }
            .check()
            .is_err()
        );
    }

    #[test]
    fn a_series_expands_into_events_that_parse() {
        let template = crate::event::tests::input();
        let series = SeriesInput {
            repeat: Repeat::MonthlyOnDay { day: 5 },
            from: "2026-11-01".into(),
            until: "2027-01-31".into(),
            template,
        };
        let id = Uuid::now_v7();
        let inputs = series.expand(id).unwrap();
        assert_eq!(inputs.len(), 3);
        let events: Vec<_> = inputs.iter().map(|i| i.parse().unwrap()).collect();
        assert_eq!(events[2].local_start().to_string(), "2027-01-05 14:30:00");
        assert_eq!(events[2].local_end().to_string(), "2027-01-05 16:30:00");
        assert!(events.iter().all(|e| e.series_id == Some(id)));
        let backwards = SeriesInput {
            until: "2026-10-01".into(),
            ..series
        };
        assert_eq!(backwards.expand(id).unwrap_err().field, "until");
    }
}
