//! Writing one group of pushes: what was answered before and the records touched are read
//! at once, the operations are applied in memory in order (a later op sees an earlier
//! one's write, whichever member's push it came in), then everything is written and
//! committed at once. Runs on the writer thread (`group.rs`), blocking.

use super::answers::response_json;
use super::apply::Batch;
use super::group::Job;
use crate::error::AppError;
use crate::repo::{Repo, SyncWrites};
use std::collections::{HashMap, HashSet};
use zhibu_model::sync::{Change, OpOutcome, Operation};
use zhibu_model::{ErrorCode, FieldError};

/// Where one op's answer comes from.
enum Source {
    /// Answered by an earlier request: `known[member][op_id]`.
    Known,
    /// First seen in this group: `remembered[i]`; `true` when this is a repeat of it.
    Here(usize, bool),
}

/// Applies the jobs' operations in order in one transaction; one `PushResponse` JSON per
/// job.
pub fn apply_jobs(repo: &Repo, jobs: &[Job]) -> Result<Vec<String>, AppError> {
    let started = std::time::Instant::now();
    let members: Vec<String> = jobs.iter().map(|j| j.me.id.to_string()).collect();
    let mut asked: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (job, member) in jobs.iter().zip(&members) {
        asked
            .entry(member)
            .or_default()
            .extend(job.ops.iter().map(|(key, _)| key.as_str()));
    }
    let asked: Vec<(&str, Vec<&str>)> = asked
        .into_iter()
        .map(|(m, keys)| (m, keys.into_iter().collect()))
        .collect();
    let touched = touched_ids(
        jobs.iter()
            .flat_map(|j| &j.ops)
            .filter_map(|(_, op)| op.as_ref().ok())
            .map(|p| &p.op),
    );
    let touched: Vec<&str> = touched.iter().map(String::as_str).collect();
    let talks = talk_ids(
        jobs.iter()
            .flat_map(|j| &j.ops)
            .filter_map(|(_, op)| op.as_ref().ok())
            .map(|p| &p.op),
    );
    let talks: Vec<&str> = talks.iter().map(String::as_str).collect();
    let (tx, read) = repo.begin_sync(&asked, &touched, &talks)?;

    let mut known: HashMap<String, HashMap<String, String>> = HashMap::new();
    for (member, op_id, outcome) in read.known {
        known.entry(member).or_default().insert(op_id, outcome);
    }
    let answered_before = |member: &str, key: &str| known.get(member).and_then(|m| m.get(key));
    let read_time = started.elapsed();
    let mut batch = Batch::new(read.revision + 1, read.records);
    let mut remembered: Vec<(String, String, String)> = Vec::new();
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    let mut sources: Vec<Vec<Source>> = Vec::with_capacity(jobs.len());
    for (job, member) in jobs.iter().zip(&members) {
        let mut job_sources = Vec::with_capacity(job.ops.len());
        for (key, op) in &job.ops {
            let id = (member.as_str(), key.as_str());
            if answered_before(member, key).is_some() {
                job_sources.push(Source::Known);
                continue;
            }
            if let Some(i) = index.get(&id) {
                job_sources.push(Source::Here(*i, true));
                continue;
            }
            let answer = match op {
                Ok(op) => batch.apply(&job.me, op)?,
                Err(reason) => {
                    tracing::debug!(op_id = %key, %reason, "malformed operation");
                    Err(FieldError::new("record", ErrorCode::MalformedRequest))
                }
            };
            let json = match answer {
                Ok(json) => json,
                Err(e) => serde_json::to_string(&OpOutcome::rejected(e, job.lang))
                    .map_err(AppError::internal)?,
            };
            index.insert(id, remembered.len());
            job_sources.push(Source::Here(remembered.len(), false));
            remembered.push((member.clone(), key.clone(), json));
        }
        sources.push(job_sources);
    }

    let applied = started.elapsed();
    let now = jobs.iter().map(|j| j.now).max().unwrap_or_default();
    let last_revision = batch.last_revision();
    let (written, replaced, readers) = batch.into_writes();
    tx.commit(SyncWrites {
        records: &written,
        replaced: &replaced,
        outcomes: &remembered,
        readers: &readers,
        revision: last_revision,
        at: now,
    })?;
    repo.wal_grew();
    tracing::debug!(
        jobs = jobs.len(),
        ops = remembered.len(),
        read_us = read_time.as_micros(),
        apply_us = (applied - read_time).as_micros(),
        write_us = (started.elapsed() - applied).as_micros(),
        "push group committed"
    );

    Ok(jobs
        .iter()
        .zip(&members)
        .zip(&sources)
        .map(|((job, member), sources)| {
            let answers: Vec<(&str, &str, bool)> = job
                .ops
                .iter()
                .zip(sources)
                .map(|((key, _), source)| match source {
                    Source::Known => {
                        let first = answered_before(member, key).map_or("{}", String::as_str);
                        (key.as_str(), first, true)
                    }
                    Source::Here(i, repeat) => (key.as_str(), remembered[*i].2.as_str(), *repeat),
                })
                .collect();
            response_json(&answers)
        })
        .collect())
}

/// Every record id the operations write or point at, to read them in one query.
fn touched_ids<'a>(ops: impl Iterator<Item = &'a Operation>) -> HashSet<String> {
    let mut ids = HashSet::new();
    for op in ops {
        ids.insert(op.record_id.to_string());
        // What would reserve the id for a sheet or a decision (`events::reserved`).
        let bases = zhibu_model::attendance::reserving_bases(op.record_id);
        ids.insert(bases.event.to_string());
        ids.insert(bases.rsvp.to_string());
        let pointed = match &op.change {
            Change::StudyPut(s) => [s.plan_item_id, None],
            Change::PlanTickPut(t) => [t.plan_item_id, t.study_id],
            Change::TalkConfirmationPut(c) => [c.talk_id, None],
            Change::EventRsvpPut(r) => [r.event_id, None],
            Change::EventCheckInPut(c) => [c.event_id, None],
            Change::EventAttendancePut(a) => [a.event_id, None],
            Change::EventLeaveDecisionPut(d) => [d.rsvp_id, None],
            Change::PledgePut(p) => [p.template_id, p.replaces],
            Change::PledgeProgressPut(e) => [e.pledge_id, None],
            Change::FeedbackReplyPut(r) => [r.feedback_id, None],
            _ => [None, None],
        };
        ids.extend(pointed.into_iter().flatten().map(|id| id.to_string()));
    }
    ids
}

/// The talks the operations change or answer, whose confirmations the batch must know,
/// and the events answered, whose RSVPs and check-ins it must know.
fn talk_ids<'a>(ops: impl Iterator<Item = &'a Operation>) -> HashSet<String> {
    ops.filter_map(|op| match &op.change {
        Change::TalkPut(_) | Change::TalkDelete => Some(op.record_id),
        Change::TalkConfirmationPut(c) => c.talk_id,
        // The event's answers, to find the member's earlier RSVP or check-in.
        Change::EventRsvpPut(r) => r.event_id,
        Change::EventCheckInPut(c) => c.event_id,
        _ => None,
    })
    .map(|id| id.to_string())
    .collect()
}
