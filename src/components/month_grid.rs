//! A month as a grid of days, Monday first (`calendar::month_weeks`), readable at 360 px:
//! each day is a button; a dot marks days with events, a star days with a 政治生日.

use crate::i18n::{EvKey, use_i18n};
use leptos::prelude::*;
use zhibu_model::calendar::month_weeks;
use zhibu_model::chrono::{Datelike, NaiveDate};

#[component]
pub fn MonthGrid(
    year: i32,
    month: u32,
    /// Days with at least one event.
    #[prop(into)]
    events: Signal<Vec<NaiveDate>>,
    /// Days with a member's 政治生日.
    #[prop(into)]
    birthdays: Signal<Vec<NaiveDate>>,
    selected: RwSignal<Option<NaiveDate>>,
    today: NaiveDate,
) -> impl IntoView {
    let i18n = use_i18n();
    let weeks = month_weeks(year, month).unwrap_or_default();
    let heads = move || {
        let names = match i18n.lang() {
            zhibu_model::Lang::ZhCn => ["一", "二", "三", "四", "五", "六", "日"],
            zhibu_model::Lang::En => ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"],
        };
        names
            .into_iter()
            .map(|n| view! { <span class="cal-head" aria-hidden="true">{n}</span> })
            .collect_view()
    };
    view! {
        <div class="cal-grid" role="group" aria-label=i18n.tr(EvKey::MonthGrid)>
            {heads}
            {weeks
                .into_iter()
                .flatten()
                .map(|d| {
                    let outside = d.month() != month;
                    let has_event = move || events.with(|e| e.contains(&d));
                    let has_birthday = move || birthdays.with(|b| b.contains(&d));
                    let label = move || {
                        let mut s = crate::i18n::date(i18n.lang(), d);
                        if has_event() {
                            s.push_str(" · ");
                            s.push_str(i18n.t(EvKey::HasEvents));
                        }
                        if has_birthday() {
                            s.push_str(" · ");
                            s.push_str(i18n.t(EvKey::PoliticalBirthday));
                        }
                        s
                    };
                    view! {
                        <button
                            type="button"
                            class="cal-day"
                            class:outside=outside
                            class:today=d == today
                            class:has-event=has_event
                            class:has-birthday=has_birthday
                            aria-pressed=move || if selected.get() == Some(d) { "true" } else { "false" }
                            aria-label=label
                            data-date=d.to_string()
                            on:click=move |_| selected.set(Some(d))
                        >
                            <span class="cal-num">{d.day()}</span>
                            <span class="cal-marks" aria-hidden="true">
                                <span class="cal-dot" hidden=move || !has_event()></span>
                                <span class="cal-star" hidden=move || !has_birthday()>"★"</span>
                            </span>
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
