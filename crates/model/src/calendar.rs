//! What the calendar pages show, computed the same way on every phone: the weeks of a
//! month grid (Monday first), the events on a China date, what is coming up, and the
//! obligations a secretary's 首页 lists.

use crate::compliance::{Obligation, Status};
use crate::event::EventRecord;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

/// The weeks of a month as seven dates each, Monday first, padded with the neighbouring
/// months' days (4 to 6 weeks). `None` for an invalid month.
pub fn month_weeks(year: i32, month: u32) -> Option<Vec<[NaiveDate; 7]>> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let last = first.checked_add_months(chrono::Months::new(1))? - Duration::days(1);
    let mut monday = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
    let mut weeks = Vec::new();
    while monday <= last {
        weeks.push(std::array::from_fn(|i| monday + Duration::days(i as i64)));
        monday += Duration::weeks(1);
    }
    Some(weeks)
}

/// Whether an event is on a China date (an event over several days is on each of them).
pub fn is_on(event: &EventRecord, date: NaiveDate) -> bool {
    let start = event.local_start().date();
    // An event ending at midnight does not reach into the next day.
    let end = (event.local_end() - Duration::seconds(1)).date().max(start);
    (start..=end).contains(&date)
}

/// The events (with their ids) that are not over at `now` and not cancelled, soonest
/// first, at most `limit`.
pub fn upcoming<'a, Id: Copy>(
    events: impl IntoIterator<Item = (Id, &'a EventRecord)>,
    now: DateTime<Utc>,
    limit: usize,
) -> Vec<(Id, &'a EventRecord)> {
    let mut out: Vec<_> = events
        .into_iter()
        .filter(|(_, e)| e.ends_at > now && !e.is_cancelled())
        .collect();
    out.sort_by_key(|(_, e)| e.starts_at);
    out.truncate(limit);
    out
}

/// What a secretary's 首页 lists: obligations of the running periods still due, and those
/// missed in the last finished period of each rule (not the whole year's history).
pub fn open_obligations(obligations: &[Obligation]) -> Vec<&Obligation> {
    let mut out = Vec::new();
    for o in obligations {
        let last_of_rule = obligations
            .iter()
            .filter(|p| p.kind == o.kind && p.per == o.per && p.by_secretary == o.by_secretary)
            .map(|p| p.index)
            .max()
            .unwrap_or(o.index);
        let keep = match o.status {
            Status::Due => true,
            Status::Missed => o.index + 1 == last_of_rule,
            Status::Met => false,
        };
        if keep {
            out.push(o);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compliance::{EventKind, Period, compliance, default_requirements};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn month_grids_start_on_monday_and_cover_the_month() {
        let feb = month_weeks(2027, 2).unwrap();
        assert_eq!(feb.len(), 4, "February 2027 starts on a Monday");
        assert_eq!(feb[0][0], day("2027-02-01"));
        let leap = month_weeks(2028, 2).unwrap();
        assert_eq!(leap[0][0], day("2028-01-31"));
        assert_eq!(leap.last().unwrap()[1], day("2028-02-29"));
        assert_eq!(month_weeks(2026, 8).unwrap().len(), 6);
        assert!(month_weeks(2026, 13).is_none());
    }

    #[test]
    fn events_are_on_their_china_dates() {
        let mut i = crate::event::tests::input();
        i.start = "2026-11-05T23:00".into();
        i.end = "2026-11-06T01:00".into();
        let e = i.parse().unwrap();
        assert!(is_on(&e, day("2026-11-05")) && is_on(&e, day("2026-11-06")));
        i.end = "2026-11-06T00:00".into();
        let e = i.parse().unwrap();
        assert!(!is_on(&e, day("2026-11-06")));
    }

    #[test]
    fn upcoming_skips_past_and_cancelled_events() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let e = crate::event::tests::input().parse().unwrap();
        let mut cancelled = e.clone();
        cancelled.cancelled = Some(crate::event::Cancellation {
            reason: "改期".into(),
        });
        let list = [(1, &e), (2, &cancelled)];
        assert_eq!(upcoming(list, at("2026-11-05T07:00:00Z"), 5).len(), 1);
        assert!(upcoming(list, at("2026-11-05T09:00:00Z"), 5).is_empty());
    }

    #[test]
    fn the_home_page_lists_what_is_due_and_what_was_just_missed() {
        let obs = compliance(&[], &default_requirements(), 2026, day("2026-11-28"));
        let open = open_obligations(&obs);
        let congress: Vec<u32> = open
            .iter()
            .filter(|o| o.kind == EventKind::PartyCongress)
            .map(|o| o.index)
            .collect();
        assert_eq!(congress, [3, 4], "Q3 missed, Q4 due; Q1 and Q2 are history");
        assert!(
            open.iter()
                .filter(|o| o.per == Period::Month && o.kind == EventKind::ThemeDay)
                .all(|o| o.index >= 10)
        );
    }
}
