//! 学习: the year's 学时 against the target, the branch's study plan to tick off, the
//! changes the server refused (to fix or discard), and the records by month. Everything
//! here reads the phone's local store, so it shows at once and offline.

use crate::components::charts::{FormSplit, ProgressBar, WeeklyBars};
use crate::components::saved_notice::SavedNotice;
use crate::components::study_plan::StudyPlan;
use crate::i18n::{PgKey, date, use_i18n};
use crate::pages::study_form::minutes_text;
use crate::records::{self, Entry, study_profile, today};
use crate::router::use_routing;
use crate::session::use_session;
use crate::sync::SyncEngine;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::chrono::Datelike;
use zhibu_model::progress::{weekly_tenths, year_progress};
use zhibu_model::study::StudyRecord;

#[component]
pub fn StudyPage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let session = use_session();
    let routing = use_routing();
    let saved = move || routing.query("saved").is_some();
    let profile = study_profile(i18n.lang_untracked());
    let list = Memo::new(move |_| records::study(engine));
    let progress = Memo::new(move |_| {
        let today = today();
        let role = session
            .with_member(|m| m.map(|m| m.role))
            .unwrap_or(zhibu_model::Role::Member);
        profile.with(|p| {
            list.with(|l| {
                year_progress(
                    l.iter().map(|e| &e.data).chain(&p.credited),
                    today.year(),
                    &p.settings,
                    role,
                    p.waived,
                    today,
                )
            })
        })
    });
    let weeks = Signal::derive(move || {
        profile.with(|p| {
            list.with(|l| {
                weekly_tenths(
                    l.iter().map(|e| &e.data).chain(&p.credited),
                    12,
                    &p.settings,
                    today(),
                )
            })
        })
    });
    let split = Signal::derive(move || progress.with(|p| p.by_form.clone()));
    let manages = move || session.with_member(|m| m.is_some_and(|m| m.role.manages_branch()));

    view! {
        <SavedNotice shown=Signal::derive(saved) />
        <section class="card">
            <h2>{i18n.tr(PgKey::StudyYear)}</h2>
            <YearProgress progress=progress.into() />
            <div class="actions">
                <a class="button primary" href="/study/new">{i18n.tr(PgKey::AddStudy)}</a>
                <a class="button secondary" href="/study/branch" hidden=move || !manages()>
                    {i18n.tr(PgKey::BranchOverview)}
                </a>
            </div>
        </section>
        <Refused />
        <section class="card" hidden=move || list.with(Vec::is_empty)>
            <h2>{i18n.tr(PgKey::WeeklyHours)}</h2>
            <WeeklyBars weeks=weeks />
            <h2>{i18n.tr(PgKey::HoursByForm)}</h2>
            <FormSplit split=split />
        </section>
        <StudyPlan />
        <section class="card">
            <h2>{i18n.tr(PgKey::StudyRecords)}</h2>
            <p class="muted" hidden=move || list.with(|l| !l.is_empty())>{i18n.tr(PgKey::NoStudyYet)}</p>
            {move || by_month(&list.get()).into_iter().map(|(month, entries)| {
                view! {
                    <h3 class="month">{month_title(i18n.lang(), month)}</h3>
                    <ul class="records">
                        {entries.into_iter().map(|e| view! { <StudyItem entry=e /> }).collect_view()}
                    </ul>
                }
            }).collect_view()}
        </section>
    }
}

/// The year's 学时 against the target (the charts' progress bar).
#[component]
pub fn YearProgress(progress: Signal<zhibu_model::progress::YearProgress>) -> impl IntoView {
    let tenths = Signal::derive(move || progress.with(|p| p.tenths));
    let target = Signal::derive(move || progress.with(|p| p.target_hours));
    view! {
        <div data-testid="year-hours">
            <ProgressBar tenths target_hours=target />
        </div>
    }
}

#[component]
fn StudyItem(entry: Entry<StudyRecord>) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/study/{}", entry.id);
    let r = entry.data;
    let topic = r.topic.clone();
    let meta = move || {
        format!(
            "{} · {} · {}",
            date(i18n.lang(), r.date),
            r.form.label(i18n.lang()),
            minutes_text(i18n.lang(), &r)
        )
    };
    view! {
        <li class="record">
            <a href=href>
                <span class="record-topic">{topic}</span>
                <span class="record-meta">{meta}</span>
                {entry.pending.then(|| view! { <span class="badge">{i18n.tr(PgKey::PendingBadge)}</span> })}
            </a>
        </li>
    }
}

/// Where a refused change is fixed: the form of the record it changed.
fn fix_href(op: &crate::sync::wire::Op) -> String {
    // Only the ids that say where the record is fixed are read from the change.
    #[derive(serde::Deserialize, Default)]
    struct Ids {
        talk_id: Option<zhibu_model::Uuid>,
        pledge_id: Option<zhibu_model::Uuid>,
        event_id: Option<zhibu_model::Uuid>,
    }
    let ids: Ids = op
        .record
        .as_ref()
        .and_then(|r| r.decode())
        .unwrap_or_default();
    let id = op.record_id;
    let or = |to: Option<String>, fallback: &str| to.unwrap_or_else(|| fallback.to_owned());
    match op.kind.as_str() {
        "talk_put" | "talk_delete" => format!("/talks/{id}/edit"),
        "talk_confirmation_put" => or(ids.talk_id.map(|t| format!("/talks/{t}")), "/talks"),
        "study_put" | "study_delete" => format!("/study/{id}"),
        "event_put" | "event_delete" => format!("/events/{id}"),
        "event_rsvp_put" | "event_check_in_put" => {
            or(ids.event_id.map(|e| format!("/events/{e}")), "/events")
        }
        "event_attendance_put" => or(
            ids.event_id.map(|e| format!("/events/{e}/attendance")),
            "/events",
        ),
        kind if kind.starts_with("event_") => "/events".to_owned(),
        "pledge_template_put" | "pledge_template_delete" => "/pledges/branch".to_owned(),
        "pledge_put" => format!("/pledges/sign?id={id}"),
        "pledge_progress_put" => or(ids.pledge_id.map(|p| format!("/pledges/{p}")), "/pledges"),
        kind if kind.starts_with("pledge") => "/pledges".to_owned(),
        // 意见建议 lives in 我的.
        kind if kind.starts_with("feedback") => "/me".to_owned(),
        _ => "/study".to_owned(),
    }
}

/// Changes the server refused, with its reason: fix (edit) or discard. Never dropped.
/// Every kind's, so the member meets them wherever they look first.
#[component]
pub fn Refused() -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    view! {
        <section class="card refused" hidden=move || engine.refused.with(Vec::is_empty)>
            <h2>{i18n.tr(PgKey::RefusedTitle)}</h2>
            <ul>
                {move || engine.refused.get().into_iter().map(|(seq, p)| {
                    let reason = p.rejected.map(|e| e.message).unwrap_or_default();
                    let href = fix_href(&p.op);
                    view! {
                        <li>
                            <p role="alert">{reason}</p>
                            <div class="actions">
                                <a class="button secondary" href=href>{i18n.tr(PgKey::Fix)}</a>
                                <button class="button danger" type="button" on:click=move |_| {
                                    spawn_local(async move { let _ = engine.discard(seq).await; });
                                }>{i18n.tr(PgKey::Discard)}</button>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

type Month = (i32, u32);

fn by_month(list: &[Entry<StudyRecord>]) -> Vec<(Month, Vec<Entry<StudyRecord>>)> {
    let mut out: Vec<(Month, Vec<Entry<StudyRecord>>)> = Vec::new();
    for e in list {
        let m = (e.data.date.year(), e.data.date.month());
        match out.last_mut() {
            Some((last, entries)) if *last == m => entries.push(e.clone()),
            _ => out.push((m, vec![e.clone()])),
        }
    }
    out
}

fn month_title(lang: zhibu_model::Lang, (y, m): Month) -> String {
    match lang {
        zhibu_model::Lang::ZhCn => format!("{y}年{m}月"),
        zhibu_model::Lang::En => format!("{y}-{m:02}"),
    }
}
