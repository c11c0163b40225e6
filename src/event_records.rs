//! Typed views of the branch activities in the engine's records (events, answers, leave
//! decisions, sheets, check-ins), and server answers kept for offline starts.

use crate::i18n::local_storage;
use crate::records::{Entry, entries};
use crate::sync::SyncEngine;
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::future::Future;
use zhibu_model::attendance::{AttendanceSheet, EventCheckIn, EventRsvp, LeaveDecision};
use zhibu_model::chrono::{DateTime, Utc};
use zhibu_model::event::EventRecord;
use zhibu_model::sync::RecordData;
use zhibu_model::{MemberId, Uuid};

/// The branch's events, by start (reactive).
pub fn events(engine: SyncEngine) -> Vec<Entry<EventRecord>> {
    let mut list = engine.view.with(|v| {
        entries(v, |d| match d {
            RecordData::Event(e) => Some(e.as_ref()),
            _ => None,
        })
    });
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
            .filter_map(|row| match &row.data {
                RecordData::EventRsvp(r) if r.event_id == event => Some((
                    row.owner,
                    Entry {
                        id: row.id,
                        data: r.clone(),
                        pending: row.pending,
                        refused: row.rejected.clone(),
                    },
                )),
                _ => None,
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
        v.iter().find_map(|row| match &row.data {
            RecordData::EventLeaveDecision(d) if d.rsvp_id == rsvp => Some(d.clone()),
            _ => None,
        })
    })
}

pub fn sheet(engine: SyncEngine, event: Uuid) -> Option<Entry<AttendanceSheet>> {
    engine
        .view
        .with(|v| {
            entries(v, |d| match d {
                RecordData::EventAttendance(s) if s.event_id == event => Some(s),
                _ => None,
            })
        })
        .into_iter()
        .next()
}

/// Check-ins for an event with their owner (`None`: made on this phone).
pub fn check_ins(engine: SyncEngine, event: Uuid) -> Vec<(Option<Uuid>, Entry<EventCheckIn>)> {
    engine.view.with(|v| {
        v.iter()
            .filter_map(|row| match &row.data {
                RecordData::EventCheckIn(c) if c.event_id == event => Some((
                    row.owner,
                    Entry {
                        id: row.id,
                        data: c.clone(),
                        pending: row.pending,
                        refused: row.rejected.clone(),
                    },
                )),
                _ => None,
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

/// Where a refused activities change is fixed (`None`: not an activities change).
pub fn fix_href(op: &zhibu_model::sync::Operation) -> Option<String> {
    use zhibu_model::sync::Change;
    Some(match &op.change {
        Change::EventPut(_) | Change::EventDelete => format!("/events/{}", op.record_id),
        Change::EventRsvpPut(i) => format!("/events/{}", i.event_id?),
        Change::EventCheckInPut(i) => format!("/events/{}", i.event_id?),
        Change::EventAttendancePut(i) => format!("/events/{}/attendance", i.event_id?),
        Change::EventRsvpDelete | Change::EventLeaveDecisionPut(_) => "/events".to_owned(),
        _ => return None,
    })
}
