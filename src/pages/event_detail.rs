//! 活动详情 (`/events/:id`): kinds, time (China time), place, agenda, study element, the
//! cancellation and the minutes; the member's answer (attend, or leave with a reason)
//! and, on the day with self check-in on, the check-in code. The secretary and committee
//! also cancel, attach minutes and decide leave requests here. Every change is saved on
//! the phone first (the engine's outbox), so all of it works offline.

use crate::api;
use crate::components::form::{Alert, FormErrors};
use crate::event_records::{self, cached, now};
use crate::i18n::{EvKey, PgKey, use_i18n};
use crate::pages::events::{kinds_text, when};
use crate::router::use_routing;
use crate::session::use_session;
use crate::sync::SyncEngine;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zhibu_model::Uuid;
use zhibu_model::attendance::{
    EventCheckInInput, EventRsvpInput, LeaveDecisionInput, Response, decision_id,
};
use zhibu_model::check_in::window;
use zhibu_model::chrono::SecondsFormat;
use zhibu_model::event::{EventRecord, format_hours_tenths};
use zhibu_model::sync::{Change, RecordKind};

#[component]
pub fn EventDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let session = use_session();
    let id: Option<Uuid> = use_routing().route_untracked().id();
    let entry = Memo::new(move |_| id.and_then(|id| event_records::event(engine, id)));
    let manages = move || session.with_member(|m| m.is_some_and(|m| m.role.manages_branch()));
    let failed = RwSignal::new(None::<String>);

    view! {
        <p class="muted" hidden=move || entry.with(Option::is_some)>{i18n.tr(EvKey::EventNotHere)}</p>
        <Alert message=failed.into() />
        {move || entry.get().map(|entry| {
            let id = entry.id;
            let e = entry.data;
            view! {
                <EventFacts e=e.clone() />
                <Answer id e=e.clone() failed />
                <CheckIn id e=e.clone() failed />
                {manages().then(|| view! { <ManagerTools id e=e.clone() failed /> })}
            }
        })}
    }
}

#[component]
fn EventFacts(e: EventRecord) -> impl IntoView {
    let i18n = use_i18n();
    let title = e.title.clone();
    let cancelled = e.cancelled.clone();
    let study = e.study.clone();
    let (venue, agenda, minutes) = (e.venue.clone(), e.agenda.clone(), e.meeting_minutes.clone());
    let kinds = {
        let e = e.clone();
        move || kinds_text(i18n.lang(), &e)
    };
    let time = {
        let e = e.clone();
        move || format!("{}（{}）", when(i18n.lang(), &e), i18n.t(EvKey::ChinaTime))
    };
    let audience = move || e.audience.label(i18n.lang());
    view! {
        <section class="card event-facts">
            <h2>{title}</h2>
            {cancelled.map(|c| view! {
                <p class="notice danger" role="status" data-testid="cancelled">
                    {i18n.tr(EvKey::CancelledBecause)}{c.reason}
                </p>
            })}
            <dl class="facts">
                <dt>{i18n.tr(EvKey::Kinds)}</dt><dd>{kinds}</dd>
                <dt>{i18n.tr(EvKey::Time)}</dt><dd>{time}</dd>
                <dt>{i18n.tr(EvKey::Venue)}</dt><dd>{venue}</dd>
                <dt>{i18n.tr(EvKey::Audience)}</dt><dd>{audience}</dd>
                {study.map(|s| {
                    let hours = format_hours_tenths(s.hours_tenths);
                    view! {
                        <dt>{i18n.tr(EvKey::StudyElement)}</dt>
                        <dd data-testid="study-element">{s.topic}" · "{hours}" "{i18n.tr(PgKey::HoursUnit)}</dd>
                    }
                })}
            </dl>
            <h3 hidden=agenda.is_empty()>{i18n.tr(EvKey::Agenda)}</h3>
            <p class="prewrap" hidden=agenda.is_empty()>{agenda.clone()}</p>
            <h3 hidden=minutes.is_empty()>{i18n.tr(EvKey::Minutes)}</h3>
            <p class="prewrap" data-testid="minutes" hidden=minutes.is_empty()>{minutes.clone()}</p>
        </section>
    }
}

/// The member's answer: attend, or ask for leave with a reason (the model's field error
/// when it is empty); what the secretary decided once known.
#[component]
fn Answer(id: Uuid, e: EventRecord, failed: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let session = use_session();
    let me = session.with_member(|m| m.map(|m| m.id));
    let own = Memo::new(move |_| me.and_then(|me| event_records::own_rsvp(engine, id, me)));
    let asking = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let errors = FormErrors::new();
    // A committee meeting expects the secretary and committee only; the server would
    // refuse a plain member's answer (a party group's is checked there too).
    let expected = e.audience != zhibu_model::event::Audience::Committee
        || session.with_member(|m| m.is_some_and(|m| m.role.manages_branch()));
    let open = expected && !e.is_cancelled() && e.ends_at > now();
    let send = move |response: &'static str| {
        let input = EventRsvpInput {
            event_id: Some(id),
            response: response.to_owned(),
            reason: reason.get_untracked(),
        };
        if errors.check(input.parse()).is_none() {
            return;
        }
        let record = own.get_untracked().map_or_else(Uuid::now_v7, |o| o.id);
        spawn_local(async move {
            match engine
                .save(RecordKind::EventRsvp, record, Change::EventRsvpPut(input))
                .await
            {
                Ok(()) => asking.set(false),
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    let status = move || {
        let lang = i18n.lang();
        own.get().map(|o| {
            let decided = decision(engine, o.id);
            let text = match (&o.data.response, decided) {
                (Response::Attend, _) => i18n.t(EvKey::YouAttend).to_owned(),
                (Response::Leave { reason }, d) => {
                    let state = match d {
                        Some(true) => EvKey::LeaveApproved,
                        Some(false) => EvKey::LeaveRefused,
                        None => EvKey::LeaveWaiting,
                    };
                    format!("{}{reason} · {}", crate::i18n::t(lang, EvKey::YouAskedLeave), crate::i18n::t(lang, state))
                }
            };
            let refused = o.refused.map(|r| r.message);
            view! {
                <p class="answer-status" data-testid="rsvp-status">{text}
                    {o.pending.then(|| view! { <span class="badge">{i18n.tr(PgKey::PendingBadge)}</span> })}
                </p>
                {refused.map(|r| view! { <p class="field-error" role="alert">{r}</p> })}
            }
        })
    };
    view! {
        <section class="card" hidden=!open>
            <h2>{i18n.tr(EvKey::YourAnswer)}</h2>
            {status}
            <div class="actions">
                <button class="button primary" type="button" on:click=move |_| send("attend")>
                    {i18n.tr(EvKey::Attend)}
                </button>
                <button class="button secondary" type="button" hidden=move || asking.get() on:click=move |_| asking.set(true)>
                    {i18n.tr(EvKey::AskLeave)}
                </button>
            </div>
            <form class="form" novalidate hidden=move || !asking.get() on:submit=move |ev| { ev.prevent_default(); send("leave"); }>
                <div class="field">
                    <label for="reason">{move || zhibu_model::error::field_label("reason", i18n.lang())}</label>
                    <textarea
                        id="reason"
                        name="reason"
                        rows="3"
                        aria-invalid=move || errors.for_field("reason").with(Option::is_some).then_some("true")
                        aria-describedby="reason-error"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    ></textarea>
                    <p class="field-error" id="reason-error" hidden=move || errors.for_field("reason").with(Option::is_none)>
                        {move || errors.for_field("reason").get().unwrap_or_default()}
                    </p>
                </div>
                <div class="form-actions">
                    <button class="button primary" type="submit">{i18n.tr(EvKey::SendLeave)}</button>
                </div>
            </form>
        </section>
    }
}

fn decision(engine: SyncEngine, rsvp: Uuid) -> Option<bool> {
    event_records::decision(engine, rsvp).map(|d| d.approved)
}

/// Self check-in on the event's day: the code the secretary's phone shows, queued with
/// the device time and checked by the server on sync. No streaks, no points.
#[component]
fn CheckIn(id: Uuid, e: EventRecord, failed: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let session = use_session();
    let me = session.with_member(|m| m.map(|m| m.id));
    let settings = cached(
        "zhibu.event_settings".to_owned(),
        api::event_settings(i18n.lang_untracked()),
    );
    let (opens, closes) = window(&e);
    let today = crate::records::today();
    let on_the_day =
        !e.is_cancelled() && (e.local_start().date() == today || (opens..=closes).contains(&now()));
    let shown =
        move || on_the_day && settings.with(|s| s.as_ref().is_some_and(|s| s.self_check_in));
    let code = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let mine = Memo::new(move |_| {
        let mut list: Vec<_> = event_records::check_ins(engine, id)
            .into_iter()
            .filter(|(owner, _)| owner.is_none_or(|o| me.is_some_and(|me| me.0 == o)))
            .map(|(_, c)| c)
            .collect();
        // An accepted or waiting check-in speaks louder than an earlier refused one.
        list.sort_by_key(|c| (c.refused.is_none(), c.id));
        list.pop()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = EventCheckInInput {
            event_id: Some(id),
            code: code.get_untracked(),
            device_time: now().to_rfc3339_opts(SecondsFormat::Secs, true),
        };
        if errors.check(input.parse()).is_none() {
            return;
        }
        // Trying again after a refusal fixes the refused check-in (the engine replaces
        // it), so no refused change is left behind.
        let record = mine
            .get_untracked()
            .filter(|c| c.refused.is_some())
            .map_or_else(Uuid::now_v7, |c| c.id);
        spawn_local(async move {
            match engine
                .save(
                    RecordKind::EventCheckIn,
                    record,
                    Change::EventCheckInPut(input),
                )
                .await
            {
                Ok(()) => code.set(String::new()),
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    let result = move || {
        mine.get().map(|c| match (c.refused, c.pending) {
            (Some(r), _) => view! { <p class="field-error" role="alert" data-testid="check-in-result">{r.message}</p> }.into_any(),
            (None, true) => view! { <p class="notice" role="status" data-testid="check-in-result">{i18n.tr(EvKey::CheckInQueued)}</p> }.into_any(),
            (None, false) => view! { <p class="notice" role="status" data-testid="check-in-result">{i18n.tr(EvKey::CheckInAccepted)}</p> }.into_any(),
        })
    };
    let done = move || mine.with(|c| c.as_ref().is_some_and(|c| c.refused.is_none()));
    view! {
        <section class="card" hidden=move || !shown()>
            <h2>{i18n.tr(EvKey::CheckIn)}</h2>
            {result}
            <form class="form" novalidate hidden=done on:submit=submit>
                <div class="field">
                    <label for="code">{i18n.tr(EvKey::CheckInCode)}</label>
                    <input
                        id="code"
                        name="code"
                        type="text"
                        inputmode="numeric"
                        autocomplete="one-time-code"
                        maxlength="6"
                        aria-invalid=move || errors.for_field("code").with(Option::is_some).then_some("true")
                        aria-describedby="code-error"
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))
                    />
                    <p class="field-error" id="code-error" hidden=move || errors.for_field("code").with(Option::is_none)>
                        {move || errors.for_field("code").get().unwrap_or_default()}
                    </p>
                </div>
                <div class="form-actions">
                    <button class="button primary" type="submit">{i18n.tr(EvKey::CheckIn)}</button>
                </div>
            </form>
        </section>
    }
}

/// The secretary's and committee's tools: edit, the sheet, cancel with a reason (kept,
/// members see it), minutes once the event has started, and the leave requests to decide.
#[component]
fn ManagerTools(id: Uuid, e: EventRecord, failed: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = expect_context::<SyncEngine>();
    let reason = RwSignal::new(String::new());
    let minutes = RwSignal::new(e.meeting_minutes.clone());
    let errors = FormErrors::new();
    // The model's rule (from the start on), by this phone's clock; the server checks again.
    let minutes_open = e.minutes_open(now());
    let cancelled = e.is_cancelled();
    let put = move |input: zhibu_model::event::EventInput| {
        let checked = input
            .parse()
            .and_then(|e| e.check_minutes(now()).map(|()| e));
        if errors.check(checked).is_none() {
            return;
        }
        spawn_local(async move {
            if let Err(e) = engine
                .save(RecordKind::Event, id, Change::EventPut(input))
                .await
            {
                failed.set(Some(e));
            }
        });
    };
    let base = e.to_input();
    let cancel = {
        let base = base.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let mut input = base.clone();
            input.cancelled = true;
            input.cancel_reason = reason.get_untracked();
            put(input);
        }
    };
    let save_minutes = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut input = base.clone();
        input.meeting_minutes = minutes.get_untracked();
        put(input);
    };
    let session = use_session();
    let me = session
        .with_member(|m| m.map(|m| m.id))
        .unwrap_or(zhibu_model::MemberId(Uuid::nil()));
    let roster = crate::records::roster(me, i18n.lang_untracked());
    let requests = Memo::new(move |_| {
        event_records::rsvps(engine, id)
            .into_iter()
            .filter(|(_, r)| r.data.is_leave())
            .collect::<Vec<_>>()
    });
    let decide = move |rsvp: Uuid, approve: bool| {
        let input = LeaveDecisionInput {
            rsvp_id: Some(rsvp),
            decision: if approve { "approve" } else { "refuse" }.to_owned(),
            note: String::new(),
        };
        spawn_local(async move {
            if let Err(e) = engine
                .save(
                    RecordKind::EventLeaveDecision,
                    decision_id(rsvp),
                    Change::EventLeaveDecisionPut(input),
                )
                .await
            {
                failed.set(Some(e));
            }
        });
    };
    let field_error = move |f: &'static str| errors.for_field(f);
    view! {
        <section class="card">
            <h2>{i18n.tr(EvKey::ManageEvent)}</h2>
            <div class="actions">
                <a class="button secondary" href=format!("/events/{id}/edit")>{i18n.tr(EvKey::EditEvent)}</a>
                <a class="button primary" href=format!("/events/{id}/attendance")>{i18n.tr(EvKey::AttendanceSheet)}</a>
            </div>
        </section>
        <section class="card" hidden=move || requests.with(Vec::is_empty)>
            <h2>{i18n.tr(EvKey::LeaveRequests)}</h2>
            <ul class="leave-requests">
                {move || requests.get().into_iter().map(|(owner, r)| {
                    let rsvp = r.id;
                    // Asked on this phone: the secretary's own request.
                    let asker = owner.map_or(me, zhibu_model::MemberId);
                    let name = move || roster.with(|ro| crate::records::name_of(ro, asker));
                    let reason = match &r.data.response { Response::Leave { reason } => reason.clone(), Response::Attend => String::new() };
                    let state = move || match decision(engine, rsvp) {
                        Some(true) => i18n.t(EvKey::LeaveApproved),
                        Some(false) => i18n.t(EvKey::LeaveRefused),
                        None => i18n.t(EvKey::LeaveWaiting),
                    };
                    view! {
                        <li class="leave-request" data-testid="leave-request">
                            <p class="record-topic" data-testid="leave-asker">{name}</p>
                            <p class="record-meta">{reason}" · "{state}</p>
                            <div class="actions">
                                <button class="button primary" type="button" on:click=move |_| decide(rsvp, true)>{i18n.tr(EvKey::Approve)}</button>
                                <button class="button secondary" type="button" on:click=move |_| decide(rsvp, false)>{i18n.tr(EvKey::Refuse)}</button>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section class="card" hidden=cancelled>
            <h2>{i18n.tr(EvKey::Minutes)}</h2>
            <p class="muted" data-testid="minutes-not-yet" hidden=minutes_open>{i18n.tr(EvKey::MinutesNotYet)}</p>
            <form class="form" novalidate on:submit=save_minutes hidden=!minutes_open>
                <div class="field">
                    <label for="meeting_minutes">{i18n.tr(EvKey::AttachMinutes)}</label>
                    <textarea id="meeting_minutes" name="meeting_minutes" rows="6"
                        aria-invalid=move || field_error("meeting_minutes").with(Option::is_some).then_some("true")
                        prop:value=move || minutes.get()
                        on:input=move |ev| minutes.set(event_target_value(&ev))
                    ></textarea>
                    <p class="field-error" hidden=move || field_error("meeting_minutes").with(Option::is_none)>
                        {move || field_error("meeting_minutes").get().unwrap_or_default()}
                    </p>
                </div>
                <div class="form-actions"><button class="button primary" type="submit">{i18n.tr(PgKey::Save)}</button></div>
            </form>
        </section>
        <section class="card" hidden=cancelled>
            <h2>{i18n.tr(EvKey::CancelEvent)}</h2>
            <form class="form" novalidate on:submit=cancel>
                <div class="field">
                    <label for="cancel_reason">{move || zhibu_model::error::field_label("cancel_reason", i18n.lang())}</label>
                    <textarea id="cancel_reason" name="cancel_reason" rows="2"
                        aria-invalid=move || field_error("cancel_reason").with(Option::is_some).then_some("true")
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    ></textarea>
                    <p class="field-error" hidden=move || field_error("cancel_reason").with(Option::is_none)>
                        {move || field_error("cancel_reason").get().unwrap_or_default()}
                    </p>
                </div>
                <div class="form-actions"><button class="button danger" type="submit">{i18n.tr(EvKey::CancelEvent)}</button></div>
            </form>
        </section>
    }
}
