//! Typed views of the branch activities in the engine's records (events, answers, leave
//! decisions, sheets, check-ins), and server answers kept for offline starts.

use crate::i18n::local_storage;
use crate::records::{Entry, Reader};
use crate::sync::SyncEngine;
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::future::Future;
use zhibu_model::attendance::{
    AttendanceSheet, AttendanceSheetInput, EventCheckIn, EventCheckInInput, EventRsvp,
    EventRsvpInput, LeaveDecision, LeaveDecisionInput,
};
use zhibu_model::chrono::{DateTime, Utc};
use zhibu_model::event::{EventInput, EventRecord};
use zhibu_model::sync::RecordKind;
use zhibu_model::{MemberId, Uuid};

pub const EVENT: Reader<EventRecord> = Reader {
    kind: RecordKind::Event,
    tag: "event",
    from_change: |raw| raw.decode::<EventInput>()?.parse().ok(),
};

pub const RSVP: Reader<EventRsvp> = Reader {
    kind: RecordKind::EventRsvp,
    tag: "event_rsvp",
    from_change: |raw| raw.decode::<EventRsvpInput>()?.parse().ok(),
};

pub const LEAVE_DECISION: Reader<LeaveDecision> = Reader {
    kind: RecordKind::EventLeaveDecision,
    tag: "event_leave_decision",
    from_change: |raw| raw.decode::<LeaveDecisionInput>()?.parse().ok(),
};

pub const SHEET: Reader<AttendanceSheet> = Reader {
    kind: RecordKind::EventAttendance,
    tag: "event_attendance",
    from_change: |raw| raw.decode::<AttendanceSheetInput>()?.parse().ok(),
};

pub const CHECK_IN: Reader<EventCheckIn> = Reader {
    kind: RecordKind::EventCheckIn,
    tag: "event_check_in",
    from_change: |raw| raw.decode::<EventCheckInInput>()?.parse().ok(),
};

/// The branch's events, by start (reactive).
pub fn events(engine: SyncEngine) -> Vec<Entry<EventRecord>> {
    let mut list = engine.view.with(|v| EVENT.entries(v));
    list.sort_by(|a, b| {
        a.data
            .starts_at
            .cmp(&b.data.starts_at)
            .then(a.id.cmp(&b.id))
    });
    list
}

pub fn event(engine: SyncEngine, id: Uuid) -> Option<Entry<EventRecord>> {
    events(engine).into_iter().find(|e| e.id == id)
}

/// Answers to an event with their owner (`None`: made on this phone).
pub fn rsvps(engine: SyncEngine, event: Uuid) -> Vec<(Option<Uuid>, Entry<EventRsvp>)> {
    engine.view.with(|v| {
        v.iter()
            .filter_map(|row| {
                let r = RSVP.read(row).filter(|r| r.event_id == event)?;
                Some((
                    row.owner,
                    Entry {
                        id: row.id,
                        data: r,
                        pending: row.pending,
                        refused: row.rejected.clone(),
                    },
                ))
            })
            .collect()
    })
}

/// The member's own answer to an event.
pub fn own_rsvp(engine: SyncEngine, event: Uuid, me: MemberId) -> Option<Entry<EventRsvp>> {
    rsvps(engine, event)
        .into_iter()
        .find(|(owner, _)| owner.is_none_or(|o| o == me.0))
        .map(|(_, e)| e)
}

pub fn decision(engine: SyncEngine, rsvp: Uuid) -> Option<LeaveDecision> {
    engine.view.with(|v| {
        v.iter()
            .find_map(|row| LEAVE_DECISION.read(row).filter(|d| d.rsvp_id == rsvp))
    })
}

pub fn sheet(engine: SyncEngine, event: Uuid) -> Option<Entry<AttendanceSheet>> {
    engine
        .view
        .with(|v| SHEET.entries(v))
        .into_iter()
        .find(|s| s.data.event_id == event)
}

/// Check-ins for an event with their owner (`None`: made on this phone).
pub fn check_ins(engine: SyncEngine, event: Uuid) -> Vec<(Option<Uuid>, Entry<EventCheckIn>)> {
    engine.view.with(|v| {
        v.iter()
            .filter_map(|row| {
                let c = CHECK_IN.read(row).filter(|c| c.event_id == event)?;
                Some((
                    row.owner,
                    Entry {
                        id: row.id,
                        data: c,
                        pending: row.pending,
                        refused: row.rejected.clone(),
                    },
                ))
            })
            .collect()
    })
}

/// The phone's clock as an instant.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// A server answer kept in localStorage under `key`: the cached copy at once, then the
/// server's when there is a connection (the copy is replaced).
pub fn cached<T, F>(key: String, fetch: F) -> RwSignal<Option<T>>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    F: Future<Output = Result<T, crate::api::Error>> + 'static,
{
    let stored: Option<T> = local_storage()
        .and_then(|s| s.get_item(&key).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok());
    let value = RwSignal::new(stored);
    leptos::task::spawn_local(async move {
        if let Ok(fresh) = fetch.await {
            if let (Some(s), Ok(json)) = (local_storage(), serde_json::to_string(&fresh)) {
                let _ = s.set_item(&key, &json);
            }
            value.set(Some(fresh));
        }
    });
    value
}
