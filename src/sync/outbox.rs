//! The outbox's rules, kept free of IO so they are tested natively: which operations go in
//! the next push, what an answer does to the outbox, and what the pages show (the server's
//! rows with the member's unsent changes laid over them).

use serde::{Deserialize, Serialize};
use zhibu_model::ApiError;
use zhibu_model::Uuid;
use zhibu_model::sync::{Change, OpOutcome, Operation, RecordData, RecordKind, Revision, SyncRow};

/// Which version of the record the member edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Base {
    /// A record that did not exist yet.
    New,
    /// The server's revision the member saw.
    Known(Revision),
    /// The result of this member's earlier operation on the same record, which has not
    /// been answered yet; resolved to `Known` when that answer arrives.
    AfterPrevious,
}

/// An operation waiting in the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingOp {
    pub op: Operation,
    pub base: Base,
    /// How many pushes carried it (a lost answer means it may already be applied; the
    /// server's at-most-once rule makes a resend safe).
    #[serde(default)]
    pub attempts: u32,
    /// The server refused it; it stays here until the member fixes or discards it.
    #[serde(default)]
    pub rejected: Option<ApiError>,
}

impl PendingOp {
    /// A new change to a record, given what the phone knows of it.
    pub fn new(
        record_id: Uuid,
        change: Change,
        known: Option<Revision>,
        earlier_pending: bool,
    ) -> Self {
        let base = if earlier_pending {
            Base::AfterPrevious
        } else {
            known.map_or(Base::New, Base::Known)
        };
        PendingOp {
            op: Operation {
                op_id: Uuid::now_v7(),
                record_id,
                base_revision: None,
                change,
            },
            base,
            attempts: 0,
            rejected: None,
        }
    }
}

/// The next push: at most `max` operations in outbox order, at most one per record (the
/// next one waits for the answer to this one, which sets its base), none refused.
pub fn plan_batch(outbox: &[(u64, PendingOp)], max: usize) -> Vec<(u64, Operation)> {
    let mut seen = Vec::new();
    let mut batch = Vec::new();
    for (seq, p) in outbox {
        if batch.len() >= max {
            break;
        }
        let record = p.op.record_id;
        if seen.contains(&record) {
            continue;
        }
        seen.push(record);
        if p.rejected.is_some() {
            continue;
        }
        let base_revision = match p.base {
            Base::New => None,
            Base::Known(r) => Some(r),
            // Its predecessor is refused and waits for the member; so does this one.
            Base::AfterPrevious => continue,
        };
        batch.push((
            *seq,
            Operation {
                base_revision,
                ..p.op.clone()
            },
        ));
    }
    batch
}

/// What settling one answer changes in the store.
#[derive(Debug, Default, PartialEq)]
pub struct Settled {
    /// The outbox entry to delete.
    pub remove: Option<u64>,
    /// Outbox entries to rewrite (the refused one, or a successor whose base is now known).
    pub update: Vec<(u64, PendingOp)>,
    /// The server's row to keep.
    pub row: Option<SyncRow>,
    /// The server's version that this change overwrote (kept in the server's history too).
    pub replaced: Option<SyncRow>,
}

/// Applies the server's answer for outbox entry `seq`.
pub fn settle(outbox: &[(u64, PendingOp)], seq: u64, outcome: &OpOutcome) -> Settled {
    let Some(pos) = outbox.iter().position(|(s, _)| *s == seq) else {
        return Settled::default();
    };
    let pending = &outbox[pos].1;
    let successor = outbox[pos + 1..]
        .iter()
        .find(|(_, p)| p.op.record_id == pending.op.record_id && p.base == Base::AfterPrevious);
    let mut settled = Settled::default();
    let resolved_base = match outcome.settled() {
        OpOutcome::Applied { row } => {
            settled.remove = Some(seq);
            settled.row = Some(row.clone());
            Some(Base::Known(row.revision))
        }
        OpOutcome::Conflict { row, replaced } => {
            settled.remove = Some(seq);
            settled.row = Some(row.clone());
            settled.replaced = Some(replaced.clone());
            Some(Base::Known(row.revision))
        }
        OpOutcome::Rejected { error } => {
            let mut refused = pending.clone();
            refused.rejected = Some(error.clone());
            settled.update.push((seq, refused));
            None
        }
        OpOutcome::Duplicate { .. } => unreachable!("settled() unwraps duplicates"),
    };
    if let (Some(base), Some((next_seq, next))) = (resolved_base, successor) {
        let mut next = next.clone();
        next.base = base;
        settled.update.push((*next_seq, next));
    }
    settled
}

/// Discarding a refused change: its successor on the same record (if any) now builds on
/// what the refused one built on.
pub fn discard(outbox: &[(u64, PendingOp)], seq: u64) -> Settled {
    let Some(pos) = outbox.iter().position(|(s, _)| *s == seq) else {
        return Settled::default();
    };
    let gone = &outbox[pos].1;
    let mut settled = Settled {
        remove: Some(seq),
        ..Settled::default()
    };
    if let Some((next_seq, next)) = outbox[pos + 1..]
        .iter()
        .find(|(_, p)| p.op.record_id == gone.op.record_id && p.base == Base::AfterPrevious)
    {
        let mut next = next.clone();
        next.base = gone.base;
        settled.update.push((*next_seq, next));
    }
    settled
}

/// A record as the pages see it.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewRow {
    pub kind: RecordKind,
    pub id: Uuid,
    /// The server revision this view builds on (None for a record made on this phone).
    pub revision: Option<Revision>,
    pub data: RecordData,
    /// Saved on this phone, not yet on the server.
    pub pending: bool,
    /// The server refused the latest change to it.
    pub rejected: Option<ApiError>,
    /// Who owns it on the server (`None`: made on this phone, so the member's own).
    pub owner: Option<Uuid>,
}

/// The server's rows with every unsent change applied in order. A pending change that the
/// model cannot parse (it was checked before saving, so only after a model change) leaves
/// the row as it was and is shown as refused by the engine, never dropped.
pub fn overlay(
    rows: &[SyncRow],
    outbox: &[(u64, PendingOp)],
    parse: impl Fn(&Change) -> Option<RecordData>,
) -> Vec<ViewRow> {
    let mut view: Vec<ViewRow> = rows
        .iter()
        .filter_map(|r| {
            let data = r.data.clone().filter(|_| !r.deleted)?;
            Some(ViewRow {
                kind: r.kind,
                id: r.id,
                revision: Some(r.revision),
                data,
                pending: false,
                rejected: None,
                owner: Some(r.owner),
            })
        })
        .collect();
    for (_, p) in outbox {
        let id = p.op.record_id;
        let at = view.iter().position(|v| v.id == id);
        if p.op.change.is_delete() {
            if p.rejected.is_none() {
                if let Some(i) = at {
                    view.remove(i);
                }
            } else if let Some(i) = at {
                view[i].rejected = p.rejected.clone();
            }
            continue;
        }
        let Some(data) = parse(&p.op.change) else {
            continue;
        };
        match at {
            Some(i) => {
                view[i].data = data;
                view[i].pending = true;
                view[i].rejected = p.rejected.clone();
            }
            None => view.push(ViewRow {
                kind: p.op.change.record_kind(),
                id,
                revision: None,
                data,
                pending: true,
                rejected: p.rejected.clone(),
                owner: None,
            }),
        }
    }
    view
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhibu_model::study::{StudyInput, StudyRecord};
    use zhibu_model::{ErrorCode, Lang};

    fn input(topic: &str) -> StudyInput {
        StudyInput {
            date: "2026-11-27".into(),
            minutes: 45,
            form: "self_study".into(),
            topic: topic.into(),
            ..Default::default()
        }
    }

    fn parse(c: &Change) -> Option<RecordData> {
        match c {
            Change::StudyPut(i) => i
                .parse("2026-11-28".parse().unwrap())
                .ok()
                .map(RecordData::Study),
            _ => None,
        }
    }

    fn row(id: Uuid, revision: Revision, topic: &str) -> SyncRow {
        SyncRow {
            kind: RecordKind::Study,
            id,
            revision,
            owner: Uuid::nil(),
            deleted: false,
            data: parse(&Change::StudyPut(input(topic))),
        }
    }

    fn topic(v: &ViewRow) -> &str {
        match &v.data {
            RecordData::Study(StudyRecord { topic, .. }) => topic,
            _ => "",
        }
    }

    #[test]
    fn one_op_per_record_per_batch_and_the_next_gets_its_base_from_the_answer() {
        let id = Uuid::now_v7();
        let other = Uuid::now_v7();
        let outbox = vec![
            (
                1,
                PendingOp::new(id, Change::StudyPut(input("a")), None, false),
            ),
            (
                2,
                PendingOp::new(id, Change::StudyPut(input("b")), None, true),
            ),
            (
                3,
                PendingOp::new(other, Change::StudyPut(input("c")), Some(4), false),
            ),
        ];
        let batch = plan_batch(&outbox, 20);
        assert_eq!(
            batch.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
            vec![1, 3]
        );
        assert_eq!(batch[0].1.base_revision, None);
        assert_eq!(batch[1].1.base_revision, Some(4));

        let answer = OpOutcome::Duplicate {
            first: Box::new(OpOutcome::Applied {
                row: row(id, 9, "a"),
            }),
        };
        let s = settle(&outbox, 1, &answer);
        assert_eq!(s.remove, Some(1));
        assert_eq!(s.row.as_ref().map(|r| r.revision), Some(9));
        assert_eq!(s.update.len(), 1);
        assert_eq!((s.update[0].0, s.update[0].1.base), (2, Base::Known(9)));
    }

    #[test]
    fn a_refused_op_stays_with_its_reason_and_holds_back_its_successor() {
        let id = Uuid::now_v7();
        let outbox = vec![
            (
                1,
                PendingOp::new(id, Change::StudyPut(input("a")), None, false),
            ),
            (
                2,
                PendingOp::new(id, Change::StudyPut(input("b")), None, true),
            ),
        ];
        let error =
            zhibu_model::FieldError::new("topic", ErrorCode::TooLong).to_api_error(Lang::ZhCn);
        let s = settle(
            &outbox,
            1,
            &OpOutcome::Rejected {
                error: error.clone(),
            },
        );
        assert_eq!(s.remove, None);
        assert_eq!(s.update[0].1.rejected, Some(error.clone()));
        let mut outbox = outbox;
        outbox[0] = s.update[0].clone();
        assert!(
            plan_batch(&outbox, 20).is_empty(),
            "neither is sent while the first is refused"
        );

        let d = discard(&outbox, 1);
        assert_eq!(d.remove, Some(1));
        assert_eq!(d.update[0].1.base, Base::New);
    }

    #[test]
    fn the_view_lays_pending_changes_over_server_rows() {
        let a = Uuid::now_v7();
        let b = Uuid::now_v7();
        let c = Uuid::now_v7();
        let rows = vec![row(a, 1, "server a"), row(b, 2, "server b")];
        let outbox = vec![
            (
                1,
                PendingOp::new(a, Change::StudyPut(input("edited a")), Some(1), false),
            ),
            (2, PendingOp::new(b, Change::StudyDelete, Some(2), false)),
            (
                3,
                PendingOp::new(c, Change::StudyPut(input("new c")), None, false),
            ),
        ];
        let view = overlay(&rows, &outbox, parse);
        let topics: Vec<_> = view.iter().map(|v| (topic(v), v.pending)).collect();
        assert_eq!(topics, vec![("edited a", true), ("new c", true)]);
    }

    #[test]
    fn batches_respect_the_size_limit() {
        let outbox: Vec<_> = (0..50)
            .map(|i| {
                (
                    i,
                    PendingOp::new(Uuid::now_v7(), Change::StudyPut(input("x")), None, false),
                )
            })
            .collect();
        assert_eq!(plan_batch(&outbox, 20).len(), 20);
    }
}
