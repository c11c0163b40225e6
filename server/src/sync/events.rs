//! The rules of event records beyond who may write which kind (`access.rs`):
//!
//! - an RSVP, a check-in or an attendance sheet names a live event of the writer's branch
//!   (otherwise `event_id` not found — another branch's events are as unknown as missing
//!   ones); a decision names a leave request of the branch (`rsvp_id`);
//! - one RSVP per member and event (a second record is a conflict: edit the first);
//! - a sheet's and a decision's record id is fixed by the event's / request's
//!   (`attendance::attendance_id`, `decision_id`), so two managers meet as a conflict;
//! - an RSVP or a check-in comes from a member of the event's audience, and a self
//!   check-in needs the branch's `self_check_in` setting and a check-in secret on the
//!   event, and its code and device time are verified (`check_in::verify`) before the
//!   writer (`verify_answers`); the writer refuses a second check-in of the same member
//!   and event.

use super::apply::Prepared;
use crate::auth::rate_limit::{self, Policy, Scope};
use crate::error::AppError;
use crate::repo::{Repo, StoredRecord};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use zhibu_model::attendance::{attendance_id, decision_id, expected, reserving_bases};
use zhibu_model::check_in::{CheckInSecret, Refusal, verify};
use zhibu_model::event::EventRecord;
use zhibu_model::sync::{RecordData, RecordKind};
use zhibu_model::{ErrorCode, FieldError, Me, Uuid};

/// Wrong check-in codes a member may try for one event within `CHECK_IN_WINDOW_MS`;
/// then every code is refused until that long after the last wrong one.
pub const CHECK_IN_TRIES: u32 = 5;
pub const CHECK_IN_WINDOW_MS: i64 = 10 * 60 * 1000;

/// A live event's content, when `r` is one of `branch`'s.
pub fn event_of(r: &StoredRecord, branch: Option<&str>) -> Option<EventRecord> {
    if r.kind != RecordKind::Event.as_str() || r.deleted || branch.is_none() {
        return None;
    }
    if r.branch_id.as_deref() != branch {
        return None;
    }
    match r.body.as_deref().map(serde_json::from_str::<RecordData>) {
        Some(Ok(RecordData::Event(e))) => Some(*e),
        _ => None,
    }
}

fn live_of_branch<'a>(
    records: &'a HashMap<String, StoredRecord>,
    id: Uuid,
    kind: RecordKind,
    branch: Option<&str>,
) -> Option<&'a StoredRecord> {
    records.get(&id.to_string()).filter(|r| {
        r.kind == kind.as_str()
            && !r.deleted
            && branch.is_some()
            && r.branch_id.as_deref() == branch
    })
}

fn is_cancelled(event: &StoredRecord) -> bool {
    match event
        .body
        .as_deref()
        .map(serde_json::from_str::<RecordData>)
    {
        Some(Ok(RecordData::Event(e))) => e.is_cancelled(),
        _ => false,
    }
}

/// Refuses a record of another kind at an id reserved for an event's attendance sheet or
/// a leave request's decision. Those ids are derived from ids every member pulls, so
/// without this a member could take the id first and block the sheet or the decision for
/// good (their record is theirs alone to change).
pub fn reserved(
    records: &HashMap<String, StoredRecord>,
    kind: RecordKind,
    record_id: Uuid,
) -> Result<(), FieldError> {
    let bases = reserving_bases(record_id);
    let exists = |id: Uuid, of: RecordKind| {
        records
            .get(&id.to_string())
            .is_some_and(|r| r.kind == of.as_str())
    };
    let taken = (kind != RecordKind::EventAttendance && exists(bases.event, RecordKind::Event))
        || (kind != RecordKind::EventLeaveDecision && exists(bases.rsvp, RecordKind::EventRsvp));
    if taken {
        return Err(FieldError::new("record_id", ErrorCode::Forbidden));
    }
    Ok(())
}

/// Whether the record at `record_id` is of another kind while the id is reserved for
/// `kind` (a sheet's id with its event present, a decision's with its request present).
pub fn squatter(
    records: &HashMap<String, StoredRecord>,
    kind: RecordKind,
    record_id: Uuid,
) -> bool {
    let Some(there) = records.get(&record_id.to_string()) else {
        return false;
    };
    if there.kind == kind.as_str() {
        return false;
    }
    let bases = reserving_bases(record_id);
    let base = match kind {
        RecordKind::EventAttendance => (bases.event, RecordKind::Event),
        RecordKind::EventLeaveDecision => (bases.rsvp, RecordKind::EventRsvp),
        _ => return false,
    };
    records
        .get(&base.0.to_string())
        .is_some_and(|r| r.kind == base.1.as_str())
}

/// Checks an event-related write by `member` of `branch` against the records the batch
/// knows (the record itself, what it names, and the records answering that event).
pub fn check(
    records: &HashMap<String, StoredRecord>,
    member: &str,
    branch: Option<&str>,
    record_id: Uuid,
    data: Option<&RecordData>,
) -> Result<(), FieldError> {
    let not_found = |field| FieldError::new(field, ErrorCode::NotFound);
    let own_answer_exists = |kind: RecordKind, event: Uuid| {
        let event = event.to_string();
        records.values().any(|r| {
            r.kind == kind.as_str()
                && !r.deleted
                && r.id != record_id.to_string()
                && r.owner_id == member
                && r.ref_id.as_deref() == Some(event.as_str())
        })
    };
    match data {
        Some(RecordData::EventRsvp(rsvp)) => {
            let event = live_of_branch(records, rsvp.event_id, RecordKind::Event, branch)
                .ok_or_else(|| not_found("event_id"))?;
            // Nothing to attend or be excused from; an earlier answer stays as it was.
            if is_cancelled(event) {
                return Err(FieldError::new("event_id", ErrorCode::Conflict));
            }
            if own_answer_exists(RecordKind::EventRsvp, rsvp.event_id) {
                return Err(FieldError::new("record_id", ErrorCode::Conflict));
            }
            Ok(())
        }
        Some(RecordData::EventCheckIn(c)) => {
            live_of_branch(records, c.event_id, RecordKind::Event, branch)
                .ok_or_else(|| not_found("event_id"))?;
            // A check-in is made once; the same record again or a second one is a replay.
            let again = records.contains_key(&record_id.to_string());
            if again || own_answer_exists(RecordKind::EventCheckIn, c.event_id) {
                return Err(Refusal::Replayed.to_field_error());
            }
            Ok(())
        }
        Some(RecordData::EventAttendance(sheet)) => {
            if record_id != attendance_id(sheet.event_id) {
                return Err(FieldError::new("record_id", ErrorCode::InvalidFormat));
            }
            live_of_branch(records, sheet.event_id, RecordKind::Event, branch)
                .ok_or_else(|| not_found("event_id"))?;
            Ok(())
        }
        Some(RecordData::EventLeaveDecision(d)) => {
            if record_id != decision_id(d.rsvp_id) {
                return Err(FieldError::new("record_id", ErrorCode::InvalidFormat));
            }
            let request = live_of_branch(records, d.rsvp_id, RecordKind::EventRsvp, branch)
                .and_then(|r| r.body.as_deref())
                .and_then(|b| serde_json::from_str::<RecordData>(b).ok());
            match request {
                Some(RecordData::EventRsvp(r)) if r.is_leave() => Ok(()),
                _ => Err(not_found("rsvp_id")),
            }
        }
        _ => Ok(()),
    }
}

/// Checks a member's RSVPs and self check-ins among their prepared operations before
/// they reach the writer: the event must be one of the branch's with the member in its
/// audience (`event_id` forbidden otherwise: a plain member does not answer a committee
/// meeting); a check-in also needs the branch's self check-in setting and a secret on the
/// event, and the code must be the event's at the device time. A refusal replaces the
/// operation's record.
pub async fn verify_answers(
    repo: &Repo,
    me: &Me,
    prepared: &mut [(String, Result<Prepared, serde_json::Error>)],
    now: i64,
) -> Result<(), AppError> {
    let now = DateTime::<Utc>::from_timestamp_millis(now).unwrap_or_default();
    let branch = me.branch_id.map(|b| b.to_string());
    let mut self_check_in = None;
    let mut group = None;
    let mut events: HashMap<Uuid, Option<EventRecord>> = HashMap::new();
    for p in prepared.iter_mut().filter_map(|(_, p)| p.as_mut().ok()) {
        let (event_id, check_in) = match &p.checked {
            Ok(Some((RecordData::EventRsvp(r), _))) => (r.event_id, None),
            Ok(Some((RecordData::EventCheckIn(c), _))) => (c.event_id, Some(c.clone())),
            _ => continue,
        };
        let (Some(branch_id), Some(branch_key)) = (me.branch_id, branch.as_deref()) else {
            p.checked = Err(FieldError::new("event_id", ErrorCode::NotFound));
            continue;
        };
        if let Entry::Vacant(slot) = events.entry(event_id) {
            let stored = repo.record(&event_id.to_string()).await?;
            slot.insert(stored.and_then(|r| event_of(&r, Some(branch_key))));
        }
        // An event made in this same push is checked by the writer alone.
        let Some(event) = events.get(&event_id).and_then(Option::as_ref) else {
            if check_in.is_some() {
                p.checked = Err(FieldError::new("event_id", ErrorCode::NotFound));
            }
            continue;
        };
        if group.is_none() {
            group = Some(repo.party_group(me.id).await?);
        }
        let my_group = group.as_ref().and_then(Option::as_deref);
        if !expected(&event.audience, me.role, my_group) {
            p.checked = Err(FieldError::new("event_id", ErrorCode::Forbidden));
            continue;
        }
        let Some(c) = check_in else {
            continue;
        };
        let on = match self_check_in {
            Some(on) => on,
            None => {
                let on = repo.event_settings(branch_id).await?.self_check_in;
                self_check_in = Some(on);
                on
            }
        };
        let secret = event.check_in_secret.as_deref().map(CheckInSecret::parse);
        let outcome = match secret {
            _ if !on => Err(FieldError::new("code", ErrorCode::Forbidden)),
            Some(Ok(secret)) => {
                // Six digits are a million guesses at most: counted before checking, so
                // neither a batch nor concurrent pushes get past the limit.
                let key = format!("check_in:{}:{event_id}", me.id);
                let limits = [(Scope::Pair, key.as_str(), CHECK_IN_TRIES)];
                let at = now.timestamp_millis();
                let policy = Policy::Hard;
                match rate_limit::begin(repo, &limits, policy, CHECK_IN_WINDOW_MS, at).await? {
                    Err(_) => Err(FieldError::new("code", ErrorCode::RateLimited)),
                    Ok(attempt) => match verify(event, &secret, &c.code, c.device_time, now) {
                        // Only a wrong code is a guess; an expired or replayed one was
                        // right once.
                        Err(Refusal::Wrong) => {
                            attempt.failed();
                            Err(Refusal::Wrong.to_field_error())
                        }
                        other => {
                            attempt.succeeded_in(repo).await?;
                            other.map_err(Refusal::to_field_error)
                        }
                    },
                }
            }
            // An event without a secret has no code to check in with.
            _ => Err(FieldError::new("code", ErrorCode::Forbidden)),
        };
        if let Err(e) = outcome {
            p.checked = Err(e);
        }
    }
    Ok(())
}
