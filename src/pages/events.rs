//! 活动 (`/events`): the branch calendar as a month grid (days with events marked, 政治生日
//! from the server, kept for offline) and the agenda of what is coming; the secretary and
//! committee also get "new event" and a link to the branch's settings page. Events come
//! from the phone's local store, so the page works offline.

use crate::api;
use crate::components::month_grid::MonthGrid;
use crate::event_records::{self, cached, now};
use crate::i18n::{EvKey, PgKey, date, use_i18n};
use crate::records::{Entry, today};
use crate::router::use_routing;
use crate::session::use_session;
use crate::sync::SyncEngine;
use leptos::prelude::*;
use zhibu_model::Lang;
use zhibu_model::calendar::{is_on, upcoming};
use zhibu_model::chrono::{Datelike, Months, NaiveDate};
use zhibu_model::event::EventRecord;
use zhibu_model::event_settings::PoliticalBirthdays;

#[component]
pub fn EventsPage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let session = use_session();
    let routing = use_routing();
    let today = today();
    let first = Memo::new(move |_| {
        routing
            .query("m")
            .and_then(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok())
            .unwrap_or_else(|| today.with_day(1).unwrap_or(today))
    });
    let selected = RwSignal::new(None::<NaiveDate>);
    let list = Memo::new(move |_| event_records::events(engine));
    // The 政治生日 of the year shown, fetched again only when the year changes.
    let year = Memo::new(move |_| first.get().year());
    let lang = i18n.lang_untracked();
    let birthdays = Memo::new(move |_| political_birthdays(year.get(), lang));
    let manages = move || session.with_member(|m| m.is_some_and(|m| m.role.manages_branch()));
    let month_link = move |delta: i32| {
        let f = first.get();
        let m = if delta < 0 {
            f.checked_sub_months(Months::new(1))
        } else {
            f.checked_add_months(Months::new(1))
        }
        .unwrap_or(f);
        format!("/events?m={}", m.format("%Y-%m"))
    };
    let coming = Memo::new(move |_| {
        list.with(|l| {
            upcoming(l.iter().map(|e| (e.id, &e.data)), now(), 10)
                .into_iter()
                .filter_map(|(id, _)| l.iter().find(|e| e.id == id).cloned())
                .collect::<Vec<_>>()
        })
    });
    let on_day = Memo::new(move |_| {
        selected.get().map(|d| {
            list.with(|l| {
                l.iter()
                    .filter(|e| is_on(&e.data, d))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    let day_birthdays = move || {
        selected.get().map_or_else(Vec::new, |d| {
            birthdays.get().with(|b| {
                b.iter()
                    .flat_map(|b| b.birthdays.iter())
                    .filter(|p| p.date == d)
                    .map(|p| (p.display_name.clone(), p.years))
                    .collect::<Vec<_>>()
            })
        })
    };

    view! {
        <section class="card">
            <div class="cal-bar">
                <a class="button secondary cal-nav" href=move || month_link(-1) aria-label=i18n.tr(EvKey::PrevMonth)>"‹"</a>
                <h2 class="cal-title">{move || month_title(i18n.lang(), first.get())}</h2>
                <a class="button secondary cal-nav" href=move || month_link(1) aria-label=i18n.tr(EvKey::NextMonth)>"›"</a>
            </div>
            {move || {
                let f = first.get();
                let events = Signal::derive(move || {
                    let weeks = zhibu_model::calendar::month_weeks(f.year(), f.month()).unwrap_or_default();
                    list.with(|l| {
                        weeks.iter().flatten().copied()
                            .filter(|d| l.iter().any(|e| is_on(&e.data, *d)))
                            .collect::<Vec<_>>()
                    })
                });
                let marked = Signal::derive(move || {
                    birthdays.get().with(|b| b.iter().flat_map(|b| b.birthdays.iter().map(|p| p.date)).collect::<Vec<_>>())
                });
                view! { <MonthGrid year=f.year() month=f.month() events birthdays=marked selected today /> }
            }}
            // Not merely hidden: a member has nothing to find behind it.
            {move || manages().then(|| view! {
                <div class="actions">
                    <a class="button primary" href="/events/new">{i18n.tr(EvKey::NewEvent)}</a>
                    <a class="button secondary" href="/events/settings">{i18n.tr(EvKey::BranchSettings)}</a>
                </div>
            })}
        </section>
        <section class="card" hidden=move || selected.get().is_none()>
            <h2>{move || selected.get().map(|d| date(i18n.lang(), d))}</h2>
            <ul class="events">
                {move || day_birthdays().into_iter().map(|(name, years)| {
                    let text = move || birthday_text(i18n.lang(), &name, years);
                    view! { <li class="event-birthday">"★ "{text}</li> }
                }).collect_view()}
                {move || on_day.get().unwrap_or_default().into_iter().map(|e| view! { <EventItem entry=e /> }).collect_view()}
            </ul>
            <p class="muted" hidden=move || !(on_day.with(|d| d.as_ref().is_some_and(Vec::is_empty)) && day_birthdays().is_empty())>
                {i18n.tr(EvKey::NothingThatDay)}
            </p>
        </section>
        <section class="card">
            <h2>{i18n.tr(EvKey::Upcoming)}</h2>
            <p class="muted" hidden=move || coming.with(|c| !c.is_empty())>{i18n.tr(EvKey::NoUpcoming)}</p>
            <ul class="events" data-testid="agenda">
                {move || coming.get().into_iter().map(|e| view! { <EventItem entry=e /> }).collect_view()}
            </ul>
        </section>
    }
}

/// The branch's 政治生日 of a year, kept for offline.
fn political_birthdays(year: i32, lang: Lang) -> RwSignal<Option<PoliticalBirthdays>> {
    cached(
        format!("zhibu.birthdays.{year}"),
        api::political_birthdays(year, lang),
    )
}

fn birthday_text(lang: Lang, name: &str, years: i32) -> String {
    match lang {
        Lang::ZhCn => format!("{name} 的政治生日（入党 {years} 周年）"),
        Lang::En => format!("{name}'s political birthday ({years} years in the Party)"),
    }
}

fn month_title(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::ZhCn => format!("{}年{}月", d.year(), d.month()),
        Lang::En => d.format("%B %Y").to_string(),
    }
}

/// "11月5日 14:00–16:00" in China time (the zone every event is typed in).
pub fn when(lang: Lang, e: &EventRecord) -> String {
    let (s, end) = (e.local_start(), e.local_end());
    let end_text = if end.date() == s.date() {
        end.format("%H:%M").to_string()
    } else {
        format!("{} {}", date(lang, end.date()), end.format("%H:%M"))
    };
    format!(
        "{} {}–{}",
        date(lang, s.date()),
        s.format("%H:%M"),
        end_text
    )
}

pub fn kinds_text(lang: Lang, e: &EventRecord) -> String {
    let sep = if lang == Lang::ZhCn { "、" } else { ", " };
    e.kinds
        .iter()
        .map(|k| k.label(lang))
        .collect::<Vec<_>>()
        .join(sep)
}

/// One event in a list: title, kinds, when, and whether it was cancelled.
#[component]
pub fn EventItem(entry: Entry<EventRecord>) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/events/{}", entry.id);
    let e = entry.data;
    let cancelled = e.is_cancelled();
    let title = e.title.clone();
    let meta = move || {
        format!(
            "{} · {}",
            when(i18n.lang(), &e),
            kinds_text(i18n.lang(), &e)
        )
    };
    view! {
        <li class="record event-item" class:cancelled=cancelled>
            <a href=href>
                <span class="record-topic">{title}</span>
                <span class="record-meta">{meta}</span>
                {cancelled.then(|| view! { <span class="badge danger">{i18n.tr(EvKey::Cancelled)}</span> })}
                {entry.pending.then(|| view! { <span class="badge">{i18n.tr(PgKey::PendingBadge)}</span> })}
            </a>
        </li>
    }
}
