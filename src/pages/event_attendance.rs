//! 考勤表 (`/events/:id/attendance`, the secretary and committee): expected members from
//! the audience, one tap per member (present / on leave / absent), totals. The sheet is the
//! event's `event_attendance` record saved through the engine, so it works offline; the
//! roster comes from the server's sheet, kept on the phone. With self check-in on, the
//! phone also shows the rotating 6-digit code (computed here from the event's secret)
//! and its QR code.

use crate::api;
use crate::components::attendance_table::{AttendanceTable, overlay};
use crate::components::form::Alert;
use crate::components::managers_only::ManagersOnly;
use crate::components::qr::QrSvg;
use crate::event_records::{self, cached, now};
use crate::i18n::{EvKey, PgKey, use_i18n};
use crate::pages::events::when;
use crate::router::use_routing;
use crate::sync::SyncEngine;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::MemberId;
use zhibu_model::attendance::{AttendanceSheet, Presence, attendance_id};
use zhibu_model::check_in::{CheckInSecret, seconds_left};
use zhibu_model::sync::{Change, RecordKind};

#[component]
pub fn EventAttendancePage() -> impl IntoView {
    view! {
        <ManagersOnly message=EvKey::ManagersOnly back=("/events", EvKey::AllEvents.into())>
            <EventAttendance />
        </ManagersOnly>
    }
}

#[component]
fn EventAttendance() -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let Some(id) = use_routing().route_untracked().id() else {
        return view! { <p class="muted">{i18n.tr(EvKey::EventNotHere)}</p> }.into_any();
    };
    let event = Memo::new(move |_| event_records::event(engine, id));
    let server = cached(
        format!("zhibu.sheet.{id}"),
        api::event_attendance(id, i18n.lang_untracked()),
    );
    let failed = RwSignal::new(None::<String>);
    let local = Memo::new(move |_| event_records::sheet(engine, id));
    let checked_in = Memo::new(move |_| {
        event_records::check_ins(engine, id)
            .into_iter()
            .filter(|(_, c)| !c.pending && c.refused.is_none())
            .filter_map(|(owner, _)| owner.map(MemberId))
            .collect::<Vec<_>>()
    });
    let sheet = Memo::new(move |_| {
        server.with(|s| {
            s.as_ref().map(|s| {
                local.with(|l| checked_in.with(|c| overlay(s, l.as_ref().map(|e| &e.data), c)))
            })
        })
    });
    let on_mark = Callback::new(move |(member, p): (MemberId, Presence)| {
        let mut current = local
            .get_untracked()
            .map(|e| e.data)
            .unwrap_or(AttendanceSheet {
                event_id: id,
                entries: Vec::new(),
            });
        // The first tap on a phone without its own sheet keeps the server's marks.
        if current.entries.is_empty()
            && let Some(s) = sheet.get_untracked()
        {
            for l in &s.lines {
                if let Some(p) = l.presence {
                    current.mark(l.member_id, p);
                }
            }
        }
        current.mark(member, p);
        spawn_local(async move {
            if let Err(e) = engine
                .save(
                    RecordKind::EventAttendance,
                    attendance_id(id),
                    Change::EventAttendancePut(current.to_input()),
                )
                .await
            {
                failed.set(Some(e));
            }
        });
    });
    let pending = move || local.with(|l| l.as_ref().is_some_and(|l| l.pending));
    let refused = Signal::derive(move || {
        local.with(|l| {
            l.as_ref()
                .and_then(|l| l.refused.as_ref().map(|r| r.message.clone()))
        })
    });
    view! {
        <section class="card">
            <h2>{i18n.tr(EvKey::AttendanceSheet)}</h2>
            <p class="record-meta">
                {move || event.get().map(|e| format!("{} · {}", e.data.title, when(i18n.lang(), &e.data)))}
            </p>
            <Alert message=failed.into() />
            <Alert message=refused />
            <p class="notice" role="status" hidden=move || !pending()>{i18n.tr(PgKey::SavedOnPhone)}</p>
            <p class="muted" hidden=move || sheet.with(Option::is_some)>{i18n.tr(EvKey::SheetNeedsServer)}</p>
            {move || sheet.get().map(|s| view! { <AttendanceTable view=Signal::derive(move || sheet.get().unwrap_or_else(|| s.clone())) on_mark /> })}
            <div class="actions">
                <a class="button secondary" href=format!("/events/{id}")>{i18n.tr(EvKey::BackToEvent)}</a>
            </div>
        </section>
        {move || event.get().and_then(|e| e.data.check_in_secret.clone()).map(|secret| view! { <RotatingCode secret /> })}
    }
    .into_any()
}

/// The code members type to check themselves in, new every step, with its QR code. Shown
/// only when the branch has self check-in on.
#[component]
fn RotatingCode(secret: String) -> impl IntoView {
    let i18n = use_i18n();
    let settings = cached(
        "zhibu.event_settings".to_owned(),
        api::event_settings(i18n.lang_untracked()),
    );
    let Ok(secret) = CheckInSecret::parse(&secret) else {
        return ().into_any();
    };
    let at = RwSignal::new(now());
    if let Ok(handle) =
        set_interval_with_handle(move || at.set(now()), std::time::Duration::from_secs(1))
    {
        on_cleanup(move || handle.clear());
    }
    let code = Signal::derive(move || secret.code_at(at.get()));
    let left = move || seconds_left(at.get());
    let on = move || settings.with(|s| s.as_ref().is_some_and(|s| s.self_check_in));
    let label = Signal::derive(move || i18n.t(EvKey::CheckInCode).to_owned());
    view! {
        <section class="card check-in-code" hidden=move || !on()>
            <h2>{i18n.tr(EvKey::CheckInCode)}</h2>
            <p class="code" data-testid="check-in-code" aria-live="polite">{code}</p>
            <p class="muted">{i18n.tr(EvKey::CodeChangesIn)}{left}"s"</p>
            <QrSvg text=code label />
        </section>
    }
    .into_any()
}
