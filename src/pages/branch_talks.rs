//! 支部谈话情况 (`/talks/branch`): for the secretary and committee, the year's talk
//! coverage as a list that reads on a phone (each required pair: open or done) and the
//! branch's talks as the server's overview gives them — who, when, kind, status; content
//! never here (the record's own page shows it to those who took part). The server
//! computes it, so this page needs the network; offline it says so and offers to retry.

use crate::api;
use crate::components::managers_only::ManagersOnly;
use crate::components::talk_status::TalkStatusBadge;
use crate::components::year_overview::{LoadStatus, YearChoice, YearOverview};
use crate::i18n::{PgKey, date, use_i18n};
use leptos::prelude::*;
use zhibu_model::Lang;
use zhibu_model::talk::{BranchTalks, TalkListed, owed_by_member};

#[component]
pub fn BranchTalksPage() -> impl IntoView {
    view! {
        <ManagersOnly message=PgKey::BranchTalksOnly>
            <Overview />
        </ManagersOnly>
    }
}

#[component]
fn Overview() -> impl IntoView {
    let i18n = use_i18n();
    let overview = YearOverview::new(api::branch_talks);
    let reload = Callback::new(move |()| overview.reload());
    view! {
        <section class="card" aria-labelledby="branch-talks-heading">
            <h2 id="branch-talks-heading">{i18n.tr(PgKey::BranchTalks)}</h2>
            <YearChoice year=overview.year pick=reload />
            <LoadStatus
                loading=Signal::derive(move || overview.loading())
                failed=Signal::derive(move || overview.failed())
                failure=overview.failure(true)
                retry=reload
            />
        </section>
        {move || overview.ready().map(|o| view! { <Coverage overview=o.clone() /> <Talks talks=o.talks /> })}
    }
}

fn coverage_count(lang: Lang, done: usize, total: usize) -> String {
    match lang {
        Lang::ZhCn => format!("应谈 {total} 对，已完成 {done} 对"),
        Lang::En => format!("{done} of {total} required pairs done"),
    }
}

fn owed_count(lang: Lang, n: usize) -> String {
    match lang {
        Lang::ZhCn => format!("待谈 {n} 人："),
        Lang::En => format!("{n} still to talk with: "),
    }
}

fn done_summary(lang: Lang, n: usize) -> String {
    match lang {
        Lang::ZhCn => format!("已完成的 {n} 对"),
        Lang::En => format!("The {n} pairs done"),
    }
}

#[component]
fn Coverage(overview: BranchTalks) -> impl IntoView {
    let i18n = use_i18n();
    let (done, total) = (
        overview.done.len(),
        overview.done.len() + overview.missing.len(),
    );
    let (none_done, none_open) = (done == 0, done == total);
    let sep = move || match i18n.lang() {
        Lang::ZhCn => "、",
        Lang::En => ", ",
    };
    // What needs attention first, one line per member; the done pairs folded below.
    let open = owed_by_member(&overview.missing)
        .into_iter()
        .map(|o| {
            let count = o.with.len();
            view! {
                <li class="owed-line">
                    <span class="record-topic">{o.name}</span>
                    <span class="record-meta">{move || owed_count(i18n.lang(), count)}{move || o.with.join(sep())}</span>
                </li>
            }
        })
        .collect_view();
    let done_pairs = overview
        .done
        .into_iter()
        .map(|p| view! { <li class="pair done">{format!("{} — {}", p.a_name, p.b_name)}</li> })
        .collect_view();
    view! {
        <section class="card coverage" aria-labelledby="coverage-heading">
            <h2 id="coverage-heading">{i18n.tr(PgKey::CoverageTitle)}</h2>
            <p class="figure-line" data-testid="coverage-count">{move || coverage_count(i18n.lang(), done, total)}</p>
            <h3 hidden=none_open>{i18n.tr(PgKey::CoverageOpen)}</h3>
            <ul class="records owed-list" data-testid="pairs-open" hidden=none_open>{open}</ul>
            <details class="fold" hidden=none_done>
                <summary>{move || done_summary(i18n.lang(), done)}</summary>
                <ul class="pairs" data-testid="pairs-done">{done_pairs}</ul>
            </details>
        </section>
    }
}

#[component]
fn Talks(talks: Vec<TalkListed>) -> impl IntoView {
    let i18n = use_i18n();
    let empty = talks.is_empty();
    view! {
        <section class="card" aria-labelledby="branch-talk-list-heading">
            <h2 id="branch-talk-list-heading">{i18n.tr(PgKey::BranchTalkList)}</h2>
            <p class="muted" hidden=!empty>{i18n.tr(PgKey::NoBranchTalks)}</p>
            <ul class="records branch-talks">
                {talks
                    .into_iter()
                    .rev()
                    .map(|t| {
                        let with = t.member_names.clone();
                        let outside = t.summary.outside;
                        let (day, kind) = (t.summary.date, t.summary.kind);
                        let who = move || {
                            let sep = match i18n.lang() {
                                Lang::ZhCn => "、",
                                Lang::En => ", ",
                            };
                            let mut names = with.join(sep);
                            if outside > 0 {
                                if !names.is_empty() {
                                    names.push_str(sep);
                                }
                                names.push_str(&format!("{outside}{}", i18n.t(PgKey::OutsideCount)));
                            }
                            format!("{} → {names}", t.writer_name)
                        };
                        let meta = move || format!("{} · {}", date(i18n.lang(), day), kind.label(i18n.lang()));
                        // Those who took part open the record on its own page.
                        let href = t.record.is_some().then(|| format!("/talks/{}", t.id));
                        view! {
                            <li class="record branch-talk">
                                <a href=href>
                                    <span class="record-topic">{who}</span>
                                    <span class="record-meta">{meta}</span>
                                    <TalkStatusBadge status=t.status />
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
