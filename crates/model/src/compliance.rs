//! 三会一课 and the other regular organisational life: which obligations a branch has met,
//! which are still open and which were missed, per month, quarter and year, computed from
//! the events it held (enter once: nobody fills in a compliance form). Every result carries
//! the rule's source. Dates are China's (UTC+8): an event at 23:30 on 31 March Beijing
//! time belongs to the first quarter even though it is 15:30 UTC.

use crate::Lang;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Kinds of branch activity that rules count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// 支部党员大会
    PartyCongress,
    /// 支部委员会会议
    CommitteeMeeting,
    /// 党小组会
    GroupMeeting,
    /// 党课
    PartyLecture,
    /// 主题党日
    ThemeDay,
    /// 组织生活会
    OrgLifeMeeting,
    /// 民主评议党员
    DemocraticReview,
    /// Anything else (ceremonies, contests …): counted by no rule.
    Other,
}

impl EventKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::ZhCn, EventKind::PartyCongress) => "支部党员大会",
            (Lang::ZhCn, EventKind::CommitteeMeeting) => "支部委员会会议",
            (Lang::ZhCn, EventKind::GroupMeeting) => "党小组会",
            (Lang::ZhCn, EventKind::PartyLecture) => "党课",
            (Lang::ZhCn, EventKind::ThemeDay) => "主题党日",
            (Lang::ZhCn, EventKind::OrgLifeMeeting) => "组织生活会",
            (Lang::ZhCn, EventKind::DemocraticReview) => "民主评议党员",
            (Lang::ZhCn, EventKind::Other) => "其他活动",
            (Lang::En, EventKind::PartyCongress) => "branch general meeting",
            (Lang::En, EventKind::CommitteeMeeting) => "branch committee meeting",
            (Lang::En, EventKind::GroupMeeting) => "party group meeting",
            (Lang::En, EventKind::PartyLecture) => "Party lecture",
            (Lang::En, EventKind::ThemeDay) => "theme day",
            (Lang::En, EventKind::OrgLifeMeeting) => "organisational life meeting",
            (Lang::En, EventKind::DemocraticReview) => "democratic review of members",
            (Lang::En, EventKind::Other) => "other activity",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Month,
    Quarter,
    HalfYear,
    Year,
}

impl Period {
    pub const ALL: [Period; 4] = [
        Period::Month,
        Period::Quarter,
        Period::HalfYear,
        Period::Year,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::HalfYear => "half_year",
            Period::Year => "year",
        }
    }

    pub fn parse(s: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// "every …", as a rule is read: 每季度 / "every quarter".
    pub fn every(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::ZhCn, Period::Month) => "每月",
            (Lang::ZhCn, Period::Quarter) => "每季度",
            (Lang::ZhCn, Period::HalfYear) => "每半年",
            (Lang::ZhCn, Period::Year) => "每年",
            (Lang::En, Period::Month) => "every month",
            (Lang::En, Period::Quarter) => "every quarter",
            (Lang::En, Period::HalfYear) => "every half-year",
            (Lang::En, Period::Year) => "every year",
        }
    }
}

/// "At least `times` events of `kind` every `per`", with where the rule comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Requirement {
    pub kind: EventKind,
    pub per: Period,
    pub times: u32,
    /// Only lectures given by the branch secretary count (书记每年至少讲一次党课).
    #[serde(default)]
    pub by_secretary: bool,
    pub source: String,
}

const BRANCH_RULES: &str = "中国共产党支部工作条例（试行）（2018）";
const EDUCATION_RULES: &str = "中国共产党党员教育管理工作条例（2019）";

fn rule(kind: EventKind, per: Period, times: u32, source: &str) -> Requirement {
    Requirement {
        kind,
        per,
        times,
        by_secretary: false,
        source: source.to_owned(),
    }
}

/// The defaults of DOMAIN.md; a branch may replace any of them (e.g. 党课 twice a year).
pub fn default_requirements() -> Vec<Requirement> {
    vec![
        rule(EventKind::PartyCongress, Period::Quarter, 1, BRANCH_RULES),
        rule(
            EventKind::CommitteeMeeting,
            Period::Month,
            1,
            &format!("{BRANCH_RULES} 第十二条"),
        ),
        rule(
            EventKind::GroupMeeting,
            Period::Month,
            1,
            &format!("{BRANCH_RULES} 第十三条"),
        ),
        rule(
            EventKind::PartyLecture,
            Period::Quarter,
            1,
            "地方规定（支部可调整，如每半年一次）",
        ),
        Requirement {
            by_secretary: true,
            ..rule(EventKind::PartyLecture, Period::Year, 1, BRANCH_RULES)
        },
        rule(
            EventKind::ThemeDay,
            Period::Month,
            1,
            &format!("{EDUCATION_RULES} 第十六条"),
        ),
        rule(
            EventKind::OrgLifeMeeting,
            Period::Year,
            1,
            &format!("{EDUCATION_RULES} 第十七条"),
        ),
        rule(
            EventKind::DemocraticReview,
            Period::Year,
            1,
            &format!("{EDUCATION_RULES} 第十八条"),
        ),
    ]
}

/// An event the branch held (cancelled events are not passed in). One event may count
/// for several kinds: a 主题党日 that holds the 党员大会 and a 党课 counts for all three.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldEvent {
    pub starts_at: DateTime<Utc>,
    pub counts_as: Vec<EventKind>,
    pub lecturer_is_secretary: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    /// The period is running and the requirement is not met yet.
    Due,
    /// The period ended without it.
    Missed,
}

/// One requirement in one period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Obligation {
    pub kind: EventKind,
    pub per: Period,
    /// 1-based index of the period in the year (month 1–12, quarter 1–4, half 1–2, year 1).
    pub index: u32,
    pub required: u32,
    pub held: u32,
    pub by_secretary: bool,
    pub status: Status,
    pub source: String,
}

/// China's calendar date of an instant.
pub fn china_date(at: DateTime<Utc>) -> NaiveDate {
    let offset = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
    at.with_timezone(&offset).date_naive()
}

fn period_index(per: Period, date: NaiveDate) -> u32 {
    match per {
        Period::Month => date.month(),
        Period::Quarter => date.month0() / 3 + 1,
        Period::HalfYear => date.month0() / 6 + 1,
        Period::Year => 1,
    }
}

fn periods_in_year(per: Period) -> u32 {
    match per {
        Period::Month => 12,
        Period::Quarter => 4,
        Period::HalfYear => 2,
        Period::Year => 1,
    }
}

/// Every requirement for every period of `year` that has begun by `today` (China dates).
pub fn compliance(
    events: &[HeldEvent],
    requirements: &[Requirement],
    year: i32,
    today: NaiveDate,
) -> Vec<Obligation> {
    let mut out = Vec::new();
    for req in requirements
        .iter()
        .filter(|r| r.kind != EventKind::Other && r.times > 0)
    {
        for index in 1..=periods_in_year(req.per) {
            let started = today.year() > year
                || (today.year() == year && period_index(req.per, today) >= index);
            if !started {
                continue;
            }
            let ended = today.year() > year || period_index(req.per, today) > index;
            let held = events
                .iter()
                .filter(|e| {
                    e.counts_as.contains(&req.kind)
                        && (!req.by_secretary || e.lecturer_is_secretary)
                })
                .map(|e| china_date(e.starts_at))
                .filter(|d| d.year() == year && period_index(req.per, *d) == index)
                .count() as u32;
            let status = match (held >= req.times, ended) {
                (true, _) => Status::Met,
                (false, false) => Status::Due,
                (false, true) => Status::Missed,
            };
            out.push(Obligation {
                kind: req.kind,
                per: req.per,
                index,
                required: req.times,
                held,
                by_secretary: req.by_secretary,
                status,
                source: req.source.clone(),
            });
        }
    }
    out
}

impl Obligation {
    /// "本季度尚未召开支部党员大会" / "No branch general meeting held yet this quarter".
    pub fn describe(&self, lang: Lang) -> String {
        let what = self.kind.label(lang);
        let who = if self.by_secretary {
            match lang {
                Lang::ZhCn => "支部书记讲",
                Lang::En => " by the secretary",
            }
        } else {
            ""
        };
        let (this, that) = match (lang, self.per) {
            (Lang::ZhCn, Period::Month) => ("本月".to_owned(), format!("{}月", self.index)),
            (Lang::ZhCn, Period::Quarter) => ("本季度".to_owned(), format!("第{}季度", self.index)),
            (Lang::ZhCn, Period::HalfYear) => (
                "本半年".to_owned(),
                if self.index == 1 {
                    "上半年".into()
                } else {
                    "下半年".into()
                },
            ),
            (Lang::ZhCn, Period::Year) => ("今年".to_owned(), "全年".to_owned()),
            (Lang::En, Period::Month) => ("this month".to_owned(), format!("month {}", self.index)),
            (Lang::En, Period::Quarter) => ("this quarter".to_owned(), format!("Q{}", self.index)),
            (Lang::En, Period::HalfYear) => {
                ("this half-year".to_owned(), format!("H{}", self.index))
            }
            (Lang::En, Period::Year) => ("this year".to_owned(), "the year".to_owned()),
        };
        match (lang, self.status) {
            (Lang::ZhCn, Status::Met) => format!(
                "{that}{who}{what}：已完成（{}/{}）",
                self.held, self.required
            ),
            (Lang::ZhCn, Status::Due) => format!(
                "{this}尚未召开{who}{what}（{}/{}）",
                self.held, self.required
            ),
            (Lang::ZhCn, Status::Missed) => {
                format!("{that}未召开{who}{what}（{}/{}）", self.held, self.required)
            }
            (Lang::En, Status::Met) => format!(
                "{what}{who} in {that}: done ({}/{})",
                self.held, self.required
            ),
            (Lang::En, Status::Due) => format!(
                "No {what}{who} held yet {this} ({}/{})",
                self.held, self.required
            ),
            (Lang::En, Status::Missed) => format!(
                "No {what}{who} was held in {that} ({}/{})",
                self.held, self.required
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_what_they_print_and_serialise_the_same() {
        for p in Period::ALL {
            assert_eq!(Period::parse(p.as_str()), Some(p));
            assert_eq!(
                serde_json::to_string(&p).unwrap(),
                format!("\"{}\"", p.as_str())
            );
        }
        assert_eq!(Period::HalfYear.every(Lang::ZhCn), "每半年");
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn event(s: &str, kinds: &[EventKind]) -> HeldEvent {
        HeldEvent {
            starts_at: at(s),
            counts_as: kinds.to_vec(),
            lecturer_is_secretary: false,
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn find(
        obs: &[Obligation],
        kind: EventKind,
        per: Period,
        index: u32,
        by_secretary: bool,
    ) -> &Obligation {
        obs.iter()
            .find(|o| {
                o.kind == kind && o.per == per && o.index == index && o.by_secretary == by_secretary
            })
            .unwrap()
    }

    #[test]
    fn a_quarterly_congress_met_due_and_missed() {
        let events = [event("2026-02-10T02:00:00Z", &[EventKind::PartyCongress])];
        let obs = compliance(&events, &default_requirements(), 2026, day("2026-05-20"));
        assert_eq!(
            find(&obs, EventKind::PartyCongress, Period::Quarter, 1, false).status,
            Status::Met
        );
        assert_eq!(
            find(&obs, EventKind::PartyCongress, Period::Quarter, 2, false).status,
            Status::Due
        );
        assert!(
            obs.iter()
                .all(|o| !(o.kind == EventKind::PartyCongress && o.index > 2)),
            "future quarters not listed"
        );
        let obs = compliance(&[], &default_requirements(), 2026, day("2026-07-01"));
        assert_eq!(
            find(&obs, EventKind::PartyCongress, Period::Quarter, 2, false).status,
            Status::Missed
        );
    }

    #[test]
    fn the_quarter_boundary_is_beijing_time() {
        // 23:30 on 31 March in Beijing is 15:30 UTC: first quarter.
        let late = [event("2026-03-31T15:30:00Z", &[EventKind::PartyCongress])];
        let obs = compliance(&late, &default_requirements(), 2026, day("2026-04-02"));
        assert_eq!(
            find(&obs, EventKind::PartyCongress, Period::Quarter, 1, false).status,
            Status::Met
        );
        // 00:30 on 1 April in Beijing is still 31 March UTC: second quarter.
        let early = [event("2026-03-31T16:30:00Z", &[EventKind::PartyCongress])];
        let obs = compliance(&early, &default_requirements(), 2026, day("2026-04-02"));
        assert_eq!(
            find(&obs, EventKind::PartyCongress, Period::Quarter, 1, false).status,
            Status::Missed
        );
        assert_eq!(
            find(&obs, EventKind::PartyCongress, Period::Quarter, 2, false).status,
            Status::Met
        );
    }

    #[test]
    fn the_year_boundary_is_beijing_time_too() {
        // 00:10 on 1 January 2027 Beijing = 31 December 2026 UTC: counts for 2027.
        let e = [event("2026-12-31T16:10:00Z", &[EventKind::OrgLifeMeeting])];
        let obs = compliance(&e, &default_requirements(), 2026, day("2027-01-05"));
        assert_eq!(
            find(&obs, EventKind::OrgLifeMeeting, Period::Year, 1, false).status,
            Status::Missed
        );
        let obs = compliance(&e, &default_requirements(), 2027, day("2027-01-05"));
        assert_eq!(
            find(&obs, EventKind::OrgLifeMeeting, Period::Year, 1, false).status,
            Status::Met
        );
    }

    #[test]
    fn one_theme_day_counts_for_every_kind_it_holds() {
        let e = [event(
            "2026-11-05T01:00:00Z",
            &[
                EventKind::ThemeDay,
                EventKind::PartyCongress,
                EventKind::PartyLecture,
            ],
        )];
        let obs = compliance(&e, &default_requirements(), 2026, day("2026-11-28"));
        assert_eq!(
            find(&obs, EventKind::ThemeDay, Period::Month, 11, false).status,
            Status::Met
        );
        assert_eq!(
            find(&obs, EventKind::PartyCongress, Period::Quarter, 4, false).status,
            Status::Met
        );
        assert_eq!(
            find(&obs, EventKind::PartyLecture, Period::Quarter, 4, false).status,
            Status::Met
        );
        // The secretary's own lecture is a separate requirement.
        assert_eq!(
            find(&obs, EventKind::PartyLecture, Period::Year, 1, true).status,
            Status::Due
        );
        let mut by_secretary = e[0].clone();
        by_secretary.lecturer_is_secretary = true;
        let obs = compliance(
            &[by_secretary],
            &default_requirements(),
            2026,
            day("2026-11-28"),
        );
        assert_eq!(
            find(&obs, EventKind::PartyLecture, Period::Year, 1, true).status,
            Status::Met
        );
    }

    #[test]
    fn monthly_rules_for_committee_group_and_theme_day() {
        let obs = compliance(&[], &default_requirements(), 2026, day("2026-03-15"));
        for kind in [
            EventKind::CommitteeMeeting,
            EventKind::GroupMeeting,
            EventKind::ThemeDay,
        ] {
            assert_eq!(
                find(&obs, kind, Period::Month, 1, false).status,
                Status::Missed
            );
            assert_eq!(
                find(&obs, kind, Period::Month, 3, false).status,
                Status::Due
            );
        }
        assert_eq!(
            find(&obs, EventKind::DemocraticReview, Period::Year, 1, false).status,
            Status::Due
        );
    }

    #[test]
    fn a_branch_may_hold_lectures_twice_a_year_instead() {
        let mut rules = default_requirements();
        for r in rules
            .iter_mut()
            .filter(|r| r.kind == EventKind::PartyLecture && !r.by_secretary)
        {
            r.per = Period::HalfYear;
            r.source = "本支部规定：每半年一次".into();
        }
        let e = [event("2026-03-01T01:00:00Z", &[EventKind::PartyLecture])];
        let obs = compliance(&e, &rules, 2026, day("2026-08-01"));
        let first = find(&obs, EventKind::PartyLecture, Period::HalfYear, 1, false);
        assert_eq!(
            (first.status, first.source.as_str()),
            (Status::Met, "本支部规定：每半年一次")
        );
        assert_eq!(
            find(&obs, EventKind::PartyLecture, Period::HalfYear, 2, false).status,
            Status::Due
        );
    }

    #[test]
    fn obligations_read_as_sentences() {
        let obs = compliance(&[], &default_requirements(), 2026, day("2026-11-28"));
        let congress = find(&obs, EventKind::PartyCongress, Period::Quarter, 4, false);
        assert_eq!(
            congress.describe(Lang::ZhCn),
            "本季度尚未召开支部党员大会（0/1）"
        );
        assert_eq!(
            congress.describe(Lang::En),
            "No branch general meeting held yet this quarter (0/1)"
        );
        assert!(congress.source.contains("支部工作条例"));
    }
}
