//! Charts of 学时, drawn by hand in SVG: the year's hours against the target, hours per
//! week, and hours per form of study.
//!
//! Each chart scales with its box (a fixed `viewBox`, width 100%), takes its colours from
//! CSS classes (style/components.css, design tokens, light and dark), and speaks to
//! screen readers: a summary as the chart's label, and the figures themselves in a
//! visually hidden list. Coordinates are whole numbers, so no float formatting code
//! reaches the wasm.

use crate::i18n::{self, PgKey, use_i18n};
use leptos::prelude::*;
use zhibu_model::Lang;
use zhibu_model::chrono::{Datelike, Duration, NaiveDate};
use zhibu_model::progress::format_tenths;
use zhibu_model::study::StudyForm;

/// The unit after a figure of 学时.
fn unit(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => "学时",
        Lang::En => "h",
    }
}

/// "12.5 学时" / "12.5 h".
pub fn hours_label(lang: Lang, tenths: u32) -> String {
    let mut s = format_tenths(tenths);
    s.push(' ');
    s.push_str(unit(lang));
    s
}

/// "12.5 / 32 学时" / "12.5 / 32 h".
pub fn hours_of_target(lang: Lang, tenths: u32, target_hours: u32) -> String {
    let mut s = format_tenths(tenths);
    s.push_str(" / ");
    s.push_str(&target_hours.to_string());
    s.push(' ');
    s.push_str(unit(lang));
    s
}

/// Share of the target done, 0–1000 (per mille), full at or above the target (a target
/// of 0 is always met).
pub fn per_mille(tenths: u32, target_hours: u32) -> u32 {
    if target_hours == 0 {
        return 1000;
    }
    (u64::from(tenths) * 100 / u64::from(target_hours)).min(1000) as u32
}

/// `value` of `max` on a scale of `full` units, rounded down (0 when there is nothing).
fn scaled(value: u32, max: u32, full: u32) -> u32 {
    if max == 0 {
        return 0;
    }
    (u64::from(value) * u64::from(full) / u64::from(max)) as u32
}

/// The year's 学时 against the annual target: the figures, and a bar that is full at the
/// target. A waived target (党员教育管理工作条例 第二十三条) shows the hours and a note,
/// and no bar: there is nothing to measure against.
#[component]
pub fn ProgressBar(
    /// 学时 done, in tenths (125 = 12.5).
    #[prop(into)]
    tenths: Signal<u32>,
    /// The annual target in 学时; `None` when waived.
    #[prop(into)]
    target_hours: Signal<Option<u32>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let figures = move || {
        let lang = i18n.lang();
        match target_hours.get() {
            Some(target) => hours_of_target(lang, tenths.get(), target),
            None => hours_label(lang, tenths.get()),
        }
    };
    let waived = move || target_hours.with(Option::is_none);
    let share = move || target_hours.get().map_or(0, |t| per_mille(tenths.get(), t));
    // Within min..max as ARIA asks; the text says the real figure when above the target.
    let now = move || {
        let max = target_hours.get().unwrap_or(0).saturating_mul(10);
        format_tenths(tenths.get().min(max))
    };
    view! {
        <div class="progress">
            <p class="progress-figures">{figures}</p>
            // Both stay in the page; `hidden` switches between them.
            <div
                class="progress-bar"
                class:done={move || share() >= 1000}
                role="progressbar"
                aria-label=i18n.tr(PgKey::ChartYearProgress)
                aria-valuemin="0"
                aria-valuemax=move || target_hours.get().unwrap_or(0)
                aria-valuenow=now
                aria-valuetext=figures
                hidden=waived
            >
                <svg
                    viewBox="0 0 1000 10"
                    preserveAspectRatio="none"
                    width="100%"
                    height="10"
                    aria-hidden="true"
                    focusable="false"
                >
                    <rect class="progress-track" width="1000" height="10" />
                    <rect class="progress-fill" width=share height="10" />
                </svg>
            </div>
            <p class="progress-waived" hidden=move || !waived()>
                {i18n.tr(PgKey::ChartTargetWaived)}
            </p>
        </div>
    }
}

const MONTHS_ZH: [&str; 12] = [
    "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

// The weekly chart's grid: 288 units wide (about a phone's card in CSS pixels, so 11
// units of text read as 11 px at 360 px), the tallest bar 110 units high.
const WEEKS_W: u32 = 288;
const WEEKS_TOP: u32 = 18;
const WEEKS_PLOT: u32 = 110;
const WEEKS_BASE: u32 = WEEKS_TOP + WEEKS_PLOT;

/// The month a week is shown under: that of its Sunday, so a week holding the 1st of a
/// month carries that month's name.
fn label_month(monday: NaiveDate) -> usize {
    (monday + Duration::days(6)).month0() as usize
}

/// Which weeks carry a month's name: those where the month changes, and the first week
/// unless the second already starts a new month (the two names would overlap).
pub fn month_marks(weeks: &[(NaiveDate, u32)]) -> Vec<Option<usize>> {
    let months: Vec<usize> = weeks.iter().map(|(d, _)| label_month(*d)).collect();
    months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let show = match i {
                0 => months.get(1).is_none_or(|next| next == m),
                _ => months[i - 1] != *m,
            };
            show.then_some(*m)
        })
        .collect()
}

fn weekly_summary(lang: Lang, weeks: &[(NaiveDate, u32)]) -> String {
    let n = weeks.len();
    let total = hours_label(lang, weeks.iter().map(|w| w.1).sum());
    let most = hours_label(lang, weeks.iter().map(|w| w.1).max().unwrap_or(0));
    match lang {
        Lang::ZhCn => format!("每周学时（{n} 周）：合计 {total}，最多的一周 {most}"),
        Lang::En => {
            format!("Study hours per week ({n} weeks): {total} in all, {most} in the busiest week")
        }
    }
}

fn week_item(lang: Lang, monday: NaiveDate, tenths: u32) -> String {
    let date = i18n::date(lang, monday);
    let hours = hours_label(lang, tenths);
    match lang {
        Lang::ZhCn => format!("{date}起的一周：{hours}"),
        Lang::En => format!("Week of {date}: {hours}"),
    }
}

/// 学时 per week (Monday first), typically the last 12: a bar per week on a baseline,
/// the tallest labelled with its figure, month names under the weeks where the month
/// changes.
#[component]
pub fn WeeklyBars(
    /// (Monday, tenths of 学时) per week, oldest first.
    #[prop(into)]
    weeks: Signal<Vec<(NaiveDate, u32)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let summary = move || weeks.with(|ws| weekly_summary(i18n.lang(), ws));
    let marks = move || {
        let lang = i18n.lang();
        weeks.with(|ws| {
            let n = (ws.len() as u32).max(1);
            let col = (WEEKS_W / n).max(1);
            let bar = (col * 2 / 3).max(1);
            let max = ws.iter().map(|w| w.1).max().unwrap_or(0);
            let tallest = ws.iter().position(|w| max > 0 && w.1 == max);
            let months = if lang == Lang::ZhCn {
                &MONTHS_ZH
            } else {
                &MONTHS_EN
            };
            let bars = ws
                .iter()
                .enumerate()
                .map(|(i, (_, tenths))| {
                    let h = scaled(*tenths, max, WEEKS_PLOT);
                    let x = i as u32 * col + (col - bar) / 2;
                    view! {
                        <rect class="chart-bar" x=x y={WEEKS_BASE - h} width=bar height=h />
                    }
                })
                .collect_view();
            let value = tallest.map(|i| {
                view! {
                    <text
                        class="chart-text chart-value"
                        x={i as u32 * col + col / 2}
                        y={WEEKS_TOP - 5}
                        text-anchor="middle"
                    >
                        {format_tenths(max)}
                    </text>
                }
            });
            let names = month_marks(ws)
                .into_iter()
                .enumerate()
                .filter_map(|(i, m)| {
                    m.map(|m| {
                        view! {
                            <text class="chart-text" x={i as u32 * col} y={WEEKS_BASE + 16}>
                                {months[m]}
                            </text>
                        }
                    })
                })
                .collect_view();
            (bars, value, names)
        })
    };
    let items = move || {
        let lang = i18n.lang();
        weeks.with(|ws| {
            ws.iter()
                .map(|(monday, tenths)| view! { <li>{week_item(lang, *monday, *tenths)}</li> })
                .collect_view()
        })
    };
    view! {
        <figure class="chart-box">
            <svg
                class="chart chart-weeks"
                viewBox="0 0 288 150"
                width="100%"
                role="img"
                aria-label=summary
            >
                <line class="chart-base" x1="0" y1=WEEKS_BASE x2=WEEKS_W y2=WEEKS_BASE />
                {marks}
            </svg>
            <ul class="visually-hidden">{items}</ul>
        </figure>
    }
}

// The form chart's grid: 300 units wide, a row of 40 per form (a line of text, a bar).
const FORMS_W: u32 = 300;
const FORMS_ROW: u32 = 40;

fn form_summary(lang: Lang, split: &[(StudyForm, u32)]) -> String {
    let n = split.len();
    let total = hours_label(lang, split.iter().map(|f| f.1).sum());
    match lang {
        Lang::ZhCn => format!("按学习形式的学时（{n} 种形式）：合计 {total}"),
        Lang::En => format!("Study hours by form ({n} forms): {total} in all"),
    }
}

/// 学时 per form of study: a labelled horizontal bar per form, the largest full width.
#[component]
pub fn FormSplit(
    /// (form, tenths of 学时), in the order to show.
    #[prop(into)]
    split: Signal<Vec<(StudyForm, u32)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let summary = move || split.with(|s| form_summary(i18n.lang(), s));
    let view_box = move || {
        let h = split.with(Vec::len) as u32 * FORMS_ROW;
        format!("0 0 {FORMS_W} {h}")
    };
    let rows = move || {
        let lang = i18n.lang();
        split.with(|s| {
            let max = s.iter().map(|f| f.1).max().unwrap_or(0);
            s.iter()
                .enumerate()
                .map(|(i, (form, tenths))| {
                    let top = i as u32 * FORMS_ROW;
                    view! {
                        <text class="chart-text chart-label" x="0" y={top + 15}>
                            {form.label(lang)}
                        </text>
                        <text class="chart-text chart-label" x=FORMS_W y={top + 15} text-anchor="end">
                            {hours_label(lang, *tenths)}
                        </text>
                        <rect class="chart-track" y={top + 22} width=FORMS_W height="10" />
                        <rect
                            class="chart-bar"
                            y={top + 22}
                            width={scaled(*tenths, max, FORMS_W)}
                            height="10"
                        />
                    }
                })
                .collect_view()
        })
    };
    let items = move || {
        let lang = i18n.lang();
        split.with(|s| {
            s.iter()
                .map(|(form, tenths)| {
                    view! { <li>{form.label(lang)}": "{hours_label(lang, *tenths)}</li> }
                })
                .collect_view()
        })
    };
    view! {
        <figure class="chart-box">
            <svg
                class="chart chart-forms"
                viewBox=view_box
                width="100%"
                role="img"
                aria-label=summary
            >
                {rows}
            </svg>
            <ul class="visually-hidden">{items}</ul>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_in_both_languages() {
        assert_eq!(hours_label(Lang::ZhCn, 125), "12.5 学时");
        assert_eq!(hours_label(Lang::En, 320), "32 h");
        assert_eq!(hours_of_target(Lang::ZhCn, 125, 32), "12.5 / 32 学时");
        assert_eq!(hours_of_target(Lang::En, 0, 56), "0 / 56 h");
    }

    #[test]
    fn the_bar_is_full_at_the_target() {
        assert_eq!(per_mille(160, 32), 500);
        assert_eq!(per_mille(320, 32), 1000);
        assert_eq!(per_mille(999, 32), 1000);
        assert_eq!(per_mille(0, 0), 1000);
        assert_eq!(per_mille(u32::MAX, 1), 1000);
    }

    #[test]
    fn months_are_named_where_they_change() {
        let monday = |s: &str| s.parse::<NaiveDate>().unwrap();
        // 2026-09-07 … 2026-11-23: September, October from the week of 28 Sept (Sunday
        // 4 Oct), November from the week of 26 Oct (Sunday 1 Nov).
        let weeks: Vec<(NaiveDate, u32)> = (0..12)
            .map(|i| (monday("2026-09-07") + Duration::weeks(i), 0))
            .collect();
        let marks = month_marks(&weeks);
        let named: Vec<(usize, usize)> = marks
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.map(|m| (i, m)))
            .collect();
        assert_eq!(named, [(0, 8), (3, 9), (7, 10)]);
        // A first week whose month ends at once is not named over its neighbour.
        let weeks = [(monday("2026-09-21"), 0), (monday("2026-09-28"), 0)];
        assert_eq!(month_marks(&weeks), [None, Some(9)]);
        assert_eq!(month_marks(&weeks[..1]), [Some(8)]);
    }
}
