//! Applying pushed operations in memory, in order, against the records they touch (read
//! once at the start); the writes go to the database together afterwards. One `Batch`
//! may span several members' pushes committed together (see `group.rs`): each op is
//! checked against its own member.

use super::access::{may_change, scope_for};
use super::to_row;
use crate::error::AppError;
use crate::repo::{Replaced, Scope, StoredRecord};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{HashMap, HashSet};
use zhibu_model::sync::{Change, OpOutcome, Operation, RecordData, RecordKind, SyncRow};
use zhibu_model::{ErrorCode, FieldError, Me, MemberId, Uuid};

pub struct Batch {
    next_revision: i64,
    /// The current version of every record the batch touches (and has read or written).
    records: HashMap<String, StoredRecord>,
    /// Ids written, in the order first written.
    written: Vec<String>,
    written_ids: HashSet<String>,
    replaced: Vec<Replaced>,
    /// Readers to add: `(record_id, member_id)`.
    readers: Vec<(String, String)>,
}

/// Who is applying an operation, as the records store them.
struct Actor {
    member: String,
    branch: Option<String>,
}

impl Batch {
    pub fn new(first_revision: i64, existing: Vec<StoredRecord>) -> Self {
        Self {
            next_revision: first_revision,
            records: existing.into_iter().map(|r| (r.id.clone(), r)).collect(),
            written: Vec::new(),
            written_ids: HashSet::new(),
            replaced: Vec::new(),
            readers: Vec::new(),
        }
    }

    /// Applies one of `me`'s operations and returns its answer's JSON: `Ok(Err(_))` is a
    /// refusal the member can read, `Err(_)` a fault. A refusal on access (`forbidden`)
    /// is logged like a refused request (`middleware::refusals`).
    pub fn apply(
        &mut self,
        me: &Me,
        prepared: &Prepared,
    ) -> Result<Result<String, FieldError>, AppError> {
        let outcome = self.apply_op(me, prepared);
        if let Ok(Err(e)) = &outcome
            && e.code == ErrorCode::Forbidden
        {
            crate::middleware::refusals::log_sync_refusal(
                me.id,
                prepared.op.change.record_kind().as_str(),
                &e.field,
            );
        }
        outcome
    }

    fn apply_op(
        &mut self,
        me: &Me,
        prepared: &Prepared,
    ) -> Result<Result<String, FieldError>, AppError> {
        let op = &prepared.op;
        let who = Actor {
            member: me.id.to_string(),
            branch: me.branch_id.map(|b| b.to_string()),
        };
        let kind = op.change.record_kind();
        // Whether the member may write this kind at all comes before what they wrote.
        let scope = match scope_for(me, kind) {
            Ok(scope) => scope,
            Err(e) => return Ok(Err(e)),
        };
        let checked = match &prepared.checked {
            Ok(checked) => checked.as_ref(),
            Err(e) => return Ok(Err(e.clone())),
        };
        if let Err(e) = super::events::reserved(&self.records, kind, op.record_id) {
            return Ok(Err(e));
        }
        let record_id = op.record_id.to_string();
        // A record of another kind on an id reserved for this one (pushed before ids were
        // reserved) gives way; it is kept in history as the version replaced.
        let squatter = super::events::squatter(&self.records, kind, op.record_id);
        let existing = self.records.get(&record_id).filter(|_| !squatter);
        if let Some(Err(e)) = existing.map(|old| may_change(me, kind, old)) {
            return Ok(Err(e));
        }
        if let Some((data, _)) = checked
            && let Err(e) = self.check_references(&who, data)
        {
            return Ok(Err(e));
        }
        if let Err(e) = self.check_talk(&who, kind, &record_id, checked.map(|(data, _)| data)) {
            return Ok(Err(e));
        }
        if let Err(e) = super::events::check(
            &self.records,
            &who.member,
            who.branch.as_deref(),
            op.record_id,
            checked.map(|(data, _)| data),
        ) {
            return Ok(Err(e));
        }
        if let Err(e) = super::pledges::check(
            &self.records,
            &who.member,
            who.branch.as_deref(),
            kind,
            &record_id,
            checked.map(|(data, _)| data),
        ) {
            return Ok(Err(e));
        }
        let conflict = existing.is_some_and(|e| op.base_revision != Some(e.revision));
        let body = checked.map(|(_, body)| body.clone());
        // An own record only ever changes at its owner's hand (`may_change`); a branch
        // record's owner is whoever wrote it last.
        let branch_id = match scope {
            Scope::Own => who.branch.clone(),
            Scope::Branch => existing
                .and_then(|e| e.branch_id.clone())
                .or_else(|| who.branch.clone()),
        };
        let ref_id = match checked.map(|(data, _)| data) {
            Some(RecordData::TalkConfirmation(c)) => Some(c.talk_id.to_string()),
            Some(RecordData::EventRsvp(r)) => Some(r.event_id.to_string()),
            Some(RecordData::EventCheckIn(c)) => Some(c.event_id.to_string()),
            Some(RecordData::EventAttendance(a)) => Some(a.event_id.to_string()),
            Some(RecordData::EventLeaveDecision(d)) => Some(d.rsvp_id.to_string()),
            Some(RecordData::FeedbackReply(r)) => Some(r.feedback_id.to_string()),
            Some(_) => None,
            None => existing.and_then(|e| e.ref_id.clone()),
        };
        let readers: Vec<String> = match checked.map(|(data, _)| data) {
            Some(RecordData::Talk(t)) => t.members.iter().map(|m| m.to_string()).collect(),
            Some(RecordData::TalkConfirmation(c)) => self
                .records
                .get(&c.talk_id.to_string())
                .map(|talk| talk.owner_id.clone())
                .into_iter()
                .collect(),
            // The member who asked reads the answers to their feedback.
            Some(RecordData::FeedbackReply(r)) => self
                .records
                .get(&r.feedback_id.to_string())
                .map(|f| f.owner_id.clone())
                .into_iter()
                .collect(),
            // The member who asked reads the decision on their leave request.
            Some(RecordData::EventLeaveDecision(d)) => self
                .records
                .get(&d.rsvp_id.to_string())
                .map(|request| request.owner_id.clone())
                .into_iter()
                .collect(),
            _ => Vec::new(),
        };
        let revision = self.next_revision;
        self.next_revision += 1;
        self.readers
            .extend(readers.into_iter().map(|m| (record_id.clone(), m)));
        let new = StoredRecord {
            id: record_id.clone(),
            kind: kind.as_str().to_owned(),
            owner_id: who.member.clone(),
            branch_id,
            scope: scope.as_str().to_owned(),
            revision,
            deleted: body.is_none(),
            body,
            ref_id,
        };
        if self.written_ids.insert(record_id.clone()) {
            self.written.push(record_id.clone());
        }
        let old = self.records.insert(record_id.clone(), new);
        let body = self.records[&record_id].body.as_deref();
        let answer = if let Some(old) = old.as_ref().filter(|_| conflict) {
            // Rare: built by serde, from the row and the version it replaced.
            let row = SyncRow {
                kind,
                id: op.record_id,
                revision,
                owner: me.id.0,
                deleted: checked.is_none(),
                data: checked.map(|(data, _)| data.clone()),
            };
            let replaced = to_row(old).map_err(AppError::Internal)?;
            serde_json::to_string(&OpOutcome::Conflict { row, replaced })
                .map_err(AppError::internal)?
        } else {
            applied_json(kind, &record_id, revision, &who.member, body)
        };
        if let Some(old) = old {
            self.replaced.push(Replaced {
                old,
                replaced_by_op: op.op_id.to_string(),
                conflict,
            });
        }
        Ok(Ok(answer))
    }

    /// The last revision handed out (one per op applied; a refused op takes none).
    pub fn last_revision(&self) -> i64 {
        self.next_revision - 1
    }

    /// The final version of each record written, every version replaced, and the
    /// readers to add.
    pub fn into_writes(mut self) -> (Vec<StoredRecord>, Vec<Replaced>, Vec<(String, String)>) {
        let written = self
            .written
            .iter()
            .filter_map(|id| self.records.remove(id))
            .collect();
        (written, self.replaced, self.readers)
    }

    /// The rules of talk records beyond ownership (`may_change` has checked that): a talk
    /// a counterpart confirmed is fixed (neither edited nor deleted) but for marking its
    /// follow-up done; a live talk keeps
    /// its member counterparts (readers are never removed, so dropping one would leave
    /// them reading the new version: delete and write a new record instead); a deleted
    /// talk stays deleted. A confirmation answers a live talk that names the member, one
    /// per member and talk.
    fn check_talk(
        &self,
        who: &Actor,
        kind: RecordKind,
        record_id: &str,
        data: Option<&RecordData>,
    ) -> Result<(), FieldError> {
        match kind {
            RecordKind::Talk => {
                let Some(old) = self.records.get(record_id) else {
                    return Ok(());
                };
                // Marking the agreed follow-up done is the one change a confirmed talk takes.
                let marking = matches!(data, Some(RecordData::Talk(new))
                    if talk_of(old).is_some_and(|t| t.same_but_follow_up_done(new)));
                if self.talk_confirmed(record_id) && !marking {
                    return Err(FieldError::new("talk_id", ErrorCode::Conflict));
                }
                match (old.deleted, data) {
                    (true, Some(_)) => Err(FieldError::new("record_id", ErrorCode::NotFound)),
                    (false, Some(RecordData::Talk(new))) => {
                        let dropped = talk_of(old)
                            .is_some_and(|t| t.members.iter().any(|m| !new.members.contains(m)));
                        if dropped {
                            Err(FieldError::new("counterparts", ErrorCode::Forbidden))
                        } else {
                            Ok(())
                        }
                    }
                    _ => Ok(()),
                }
            }
            RecordKind::TalkConfirmation => {
                let Some(RecordData::TalkConfirmation(c)) = data else {
                    return Ok(());
                };
                let talk_id = c.talk_id.to_string();
                let named = self
                    .records
                    .get(&talk_id)
                    .filter(|t| t.kind == RecordKind::Talk.as_str())
                    .and_then(talk_of)
                    .is_some_and(|t| t.members.iter().any(|m| m.to_string() == who.member));
                if !named {
                    return Err(FieldError::new("talk_id", ErrorCode::NotFound));
                }
                let another = self.records.values().any(|r| {
                    r.kind == RecordKind::TalkConfirmation.as_str()
                        && !r.deleted
                        && r.id != record_id
                        && r.owner_id == who.member
                        && r.ref_id.as_deref() == Some(talk_id.as_str())
                });
                if another {
                    return Err(FieldError::new("record_id", ErrorCode::Conflict));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Whether a live confirmation (not a dispute) of this talk is known.
    fn talk_confirmed(&self, talk_id: &str) -> bool {
        self.records.values().any(|r| {
            r.kind == RecordKind::TalkConfirmation.as_str()
                && !r.deleted
                && r.ref_id.as_deref() == Some(talk_id)
                && matches!(
                    r.body.as_deref().map(serde_json::from_str::<RecordData>),
                    Some(Ok(RecordData::TalkConfirmation(c))) if c.is_confirmed()
                )
        })
    }

    /// What a record points at must be the member's to point at: a tick names a live item
    /// of the member's branch plan; a study record an item of that plan (perhaps withdrawn
    /// since: the study still happened); a tick's study record is the member's own. A
    /// study record not on the server (yet) is accepted: a later op may bring it.
    fn check_references(&self, who: &Actor, data: &RecordData) -> Result<(), FieldError> {
        let (item, must_be_live, study) = match data {
            RecordData::PlanTick(t) => (Some(t.plan_item_id), true, t.study_id),
            RecordData::Study(s) => (s.plan_item_id, false, None),
            RecordData::PlanItem(_)
            | RecordData::Talk(_)
            | RecordData::TalkSummary(_)
            | RecordData::TalkConfirmation(_)
            | RecordData::Event(_)
            | RecordData::EventRsvp(_)
            | RecordData::EventLeaveDecision(_)
            | RecordData::EventAttendance(_)
            | RecordData::EventCheckIn(_) => (None, false, None),
            // Pledges' references are checked in `pledges.rs`.
            RecordData::PledgeTemplate(_)
            | RecordData::Pledge(_)
            | RecordData::PledgeProgress(_) => (None, false, None),
            RecordData::Feedback(_) => (None, false, None),
            // An answer answers a live feedback.
            RecordData::FeedbackReply(r) => {
                let live = self
                    .records
                    .get(&r.feedback_id.to_string())
                    .is_some_and(|f| f.kind == RecordKind::Feedback.as_str() && !f.deleted);
                if !live {
                    return Err(FieldError::new("feedback_id", ErrorCode::NotFound));
                }
                (None, false, None)
            }
        };
        if let Some(item) = item
            && !self.plan_item_in_branch(who, item, must_be_live)
        {
            return Err(FieldError::new("plan_item_id", ErrorCode::NotFound));
        }
        if let Some(study) = study
            && let Some(r) = self.records.get(&study.to_string())
            && (r.kind != RecordKind::Study.as_str() || r.owner_id != who.member)
        {
            return Err(FieldError::new("study_id", ErrorCode::NotFound));
        }
        Ok(())
    }

    fn plan_item_in_branch(&self, who: &Actor, id: Uuid, must_be_live: bool) -> bool {
        self.records.get(&id.to_string()).is_some_and(|item| {
            item.kind == RecordKind::PlanItem.as_str()
                && !(must_be_live && item.deleted)
                && who.branch.is_some()
                && item.branch_id == who.branch
        })
    }
}

/// An operation with its record checked by the model crate's rules and serialised, done
/// as the request is read (in parallel with other requests), not in the writer.
pub struct Prepared {
    pub op: Operation,
    /// The record to write and its JSON; `None` for a delete.
    pub checked: Result<Option<(RecordData, String)>, FieldError>,
}

impl Prepared {
    /// `today` is the member's date: a record may not be dated later; `now` (ms) the
    /// server's time, before which an event's minutes are refused. `writer` is the
    /// session's member.
    pub fn new(
        op: Operation,
        today: NaiveDate,
        now: i64,
        writer: MemberId,
    ) -> Result<Self, AppError> {
        let now = DateTime::<Utc>::from_timestamp_millis(now).unwrap_or_default();
        let checked = match parse(&op.change, today, now, writer) {
            Ok(Some(data)) => {
                let body = serde_json::to_string(&data).map_err(AppError::internal)?;
                Ok(Some((data, body)))
            }
            Ok(None) => Ok(None),
            Err(e) => Err(e),
        };
        Ok(Self { op, checked })
    }
}

/// `{"status":"applied","row":…}` for a row whose record JSON is `body` (`None`: a
/// tombstone), exactly as serde writes `OpOutcome::Applied` (tested below) without
/// serialising the record a second time.
fn applied_json(
    kind: RecordKind,
    id: &str,
    revision: i64,
    owner: &str,
    body: Option<&str>,
) -> String {
    let mut out = String::with_capacity(160 + body.map_or(0, str::len));
    out.push_str("{\"status\":\"applied\",\"row\":{\"kind\":\"");
    out.push_str(kind.as_str());
    out.push_str("\",\"id\":\"");
    out.push_str(id);
    out.push_str("\",\"revision\":");
    out.push_str(&revision.to_string());
    out.push_str(",\"owner\":\"");
    out.push_str(owner);
    match body {
        Some(body) => {
            out.push_str("\",\"deleted\":false,\"data\":");
            out.push_str(body);
            out.push_str("}}");
        }
        None => out.push_str("\",\"deleted\":true}}"),
    }
    out
}

/// The record an operation writes, checked by the model crate's rules (`None`: deleted).
fn parse(
    change: &Change,
    today: NaiveDate,
    now: DateTime<Utc>,
    writer: MemberId,
) -> Result<Option<RecordData>, FieldError> {
    Ok(match change {
        Change::StudyPut(input) => Some(RecordData::Study(input.parse(today)?)),
        Change::PlanItemPut(input) => Some(RecordData::PlanItem(input.parse()?)),
        Change::PlanTickPut(input) => Some(RecordData::PlanTick(input.parse()?)),
        Change::TalkPut(input) => Some(RecordData::Talk(Box::new(input.parse(today, writer)?))),
        Change::TalkConfirmationPut(input) => Some(RecordData::TalkConfirmation(input.parse()?)),
        Change::EventPut(input) => {
            let event = input.parse()?;
            event.check_minutes(now)?;
            Some(RecordData::Event(Box::new(event)))
        }
        Change::EventRsvpPut(input) => Some(RecordData::EventRsvp(input.parse()?)),
        Change::EventLeaveDecisionPut(input) => {
            Some(RecordData::EventLeaveDecision(input.parse()?))
        }
        Change::EventAttendancePut(input) => Some(RecordData::EventAttendance(input.parse()?)),
        Change::EventCheckInPut(input) => Some(RecordData::EventCheckIn(input.parse()?)),
        Change::PledgeTemplatePut(input) => Some(RecordData::PledgeTemplate(input.parse()?)),
        Change::PledgePut(input) => Some(RecordData::Pledge(Box::new(input.parse()?))),
        Change::PledgeProgressPut(input) => Some(RecordData::PledgeProgress(input.parse(today)?)),
        Change::FeedbackPut(input) => Some(RecordData::Feedback(input.parse()?)),
        Change::FeedbackReplyPut(input) => Some(RecordData::FeedbackReply(input.parse()?)),
        Change::StudyDelete
        | Change::PlanItemDelete
        | Change::PlanTickDelete
        | Change::TalkDelete
        | Change::TalkConfirmationDelete
        | Change::EventDelete
        | Change::EventRsvpDelete => None,
        Change::PledgeTemplateDelete | Change::PledgeDelete | Change::PledgeProgressDelete => None,
    })
}

/// A live talk record's content.
fn talk_of(r: &StoredRecord) -> Option<zhibu_model::talk::TalkRecord> {
    match r.body.as_deref().map(serde_json::from_str::<RecordData>) {
        Some(Ok(RecordData::Talk(t))) if !r.deleted => Some(*t),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhibu_model::study::{StudyForm, StudyRecord};

    #[test]
    fn applied_answers_are_serdes() {
        let data = RecordData::Study(StudyRecord {
            date: "2026-11-02".parse().unwrap(),
            minutes: 90,
            form: StudyForm::GroupStudy,
            topic: "学习\"全会\"精神".into(),
            notes: "心得\n".into(),
            plan_item_id: Some(Uuid::now_v7()),
        });
        let (id, owner) = (Uuid::now_v7(), Uuid::now_v7());
        for data in [Some(data), None] {
            let body = data.as_ref().map(|d| serde_json::to_string(d).unwrap());
            let spliced = applied_json(
                RecordKind::Study,
                &id.to_string(),
                42,
                &owner.to_string(),
                body.as_deref(),
            );
            let row = SyncRow {
                kind: RecordKind::Study,
                id,
                revision: 42,
                owner,
                deleted: data.is_none(),
                data,
            };
            let serde = serde_json::to_string(&OpOutcome::Applied { row }).unwrap();
            assert_eq!(spliced, serde);
        }
    }
}
