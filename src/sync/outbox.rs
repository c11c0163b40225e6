//! The outbox's rules, kept free of IO so they are tested natively: which operations go in
//! the next push, what an answer does to the outbox, and what the pages show (the server's
//! rows with the member's unsent changes laid over them). Records stay raw JSON here
//! (`super::wire`); pages read them typed (`crate::records`).

use super::wire::{Op, Outcome, Raw, RawChange, Row, Status};
use serde::{Deserialize, Serialize};
use zhibu_model::ApiError;
use zhibu_model::Uuid;
use zhibu_model::sync::{RecordKind, Revision};

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
    pub op: Op,
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
        change: RawChange,
        known: Option<Revision>,
        earlier_pending: bool,
    ) -> Self {
        let base = if earlier_pending {
            Base::AfterPrevious
        } else {
            known.map_or(Base::New, Base::Known)
        };
        PendingOp {
            op: Op {
                op_id: Uuid::now_v7(),
                record_id,
                base_revision: None,
                kind: change.kind,
                record: change.record,
            },
            base,
            attempts: 0,
            rejected: None,
        }
    }
}

/// The next push: at most `max` operations in outbox order, at most one per record (the
/// next one waits for the answer to this one, which sets its base), none refused.
pub fn plan_batch(outbox: &[(u64, PendingOp)], max: usize) -> Vec<(u64, Op)> {
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
            Op {
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
    pub row: Option<Row>,
    /// The server's version that this change overwrote (kept in the server's history too).
    pub replaced: Option<Row>,
}

/// Applies the server's answer for outbox entry `seq`.
pub fn settle(outbox: &[(u64, PendingOp)], seq: u64, outcome: &Outcome) -> Settled {
    let Some(pos) = outbox.iter().position(|(s, _)| *s == seq) else {
        return Settled::default();
    };
    let pending = &outbox[pos].1;
    let successor = outbox[pos + 1..]
        .iter()
        .find(|(_, p)| p.op.record_id == pending.op.record_id && p.base == Base::AfterPrevious);
    let mut settled = Settled::default();
    let answer = outcome.settled();
    let resolved_base = match (answer.status, &answer.row) {
        (Status::Applied | Status::Conflict, Some(row)) => {
            settled.remove = Some(seq);
            settled.row = Some(row.clone());
            settled.replaced = answer.replaced.clone();
            Some(Base::Known(row.revision))
        }
        (Status::Rejected, _) => {
            let mut refused = pending.clone();
            refused.rejected = answer.error.clone();
            settled.update.push((seq, refused));
            None
        }
        // An answer the phone cannot read (a newer server, a broken proxy): the change
        // stays as it was and goes again; the server answers a resend with its first
        // answer.
        _ => return Settled::default(),
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

/// A record as the pages see it: the server's version with the member's latest unsent
/// change laid over it. `crate::records` reads it typed, the change first.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewRow {
    pub kind: RecordKind,
    pub id: Uuid,
    /// The server revision this view builds on (None for a record made on this phone).
    pub revision: Option<Revision>,
    /// Who owns it (a talk's writer); `None` for a record made on this phone, which is
    /// the member's own.
    pub owner: Option<Uuid>,
    /// The server's content (`RecordData`'s `{kind, data}`), if it has one.
    pub server: Option<Raw>,
    /// The record of the latest unsent change (its input, e.g. `StudyInput`).
    pub change: Option<Raw>,
    /// Saved on this phone, not yet on the server.
    pub pending: bool,
    /// The server refused the latest change to it.
    pub rejected: Option<ApiError>,
}

/// The server's rows with every unsent change applied in order; a deletion removes the
/// row unless the server refused it.
pub fn overlay(rows: &[Row], outbox: &[(u64, PendingOp)]) -> Vec<ViewRow> {
    let mut view: Vec<ViewRow> = rows
        .iter()
        .filter_map(|r| {
            let server = r.data.clone().filter(|_| !r.deleted)?;
            Some(ViewRow {
                kind: r.kind,
                id: r.id,
                revision: Some(r.revision),
                owner: Some(r.owner),
                server: Some(server),
                change: None,
                pending: false,
                rejected: None,
            })
        })
        .collect();
    for (_, p) in outbox {
        let id = p.op.record_id;
        let at = view.iter().position(|v| v.id == id);
        if p.op.is_delete() {
            if p.rejected.is_none() {
                if let Some(i) = at {
                    view.remove(i);
                }
            } else if let Some(i) = at {
                view[i].rejected = p.rejected.clone();
            }
            continue;
        }
        let (Some(record), Some(kind)) = (p.op.record.clone(), p.op.record_kind()) else {
            continue;
        };
        match at {
            Some(i) => {
                view[i].change = Some(record);
                view[i].pending = true;
                view[i].rejected = p.rejected.clone();
            }
            None => view.push(ViewRow {
                kind,
                id,
                revision: None,
                owner: None,
                server: None,
                change: Some(record),
                pending: true,
                rejected: p.rejected.clone(),
            }),
        }
    }
    view
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhibu_model::study::{StudyInput, StudyRecord};
    use zhibu_model::sync::{Change, RecordData};
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

    fn put(topic: &str) -> RawChange {
        RawChange::of(&Change::StudyPut(input(topic)))
    }

    fn row(id: Uuid, revision: Revision, topic: &str) -> Row {
        let record = input(topic).parse("2026-11-28".parse().unwrap()).unwrap();
        Row {
            kind: RecordKind::Study,
            id,
            revision,
            owner: Uuid::nil(),
            deleted: false,
            data: Some(Raw::of(&RecordData::Study(record))),
        }
    }

    fn applied(row: Row) -> Outcome {
        Outcome {
            op_id: None,
            status: Status::Applied,
            row: Some(row),
            replaced: None,
            error: None,
            first: None,
        }
    }

    /// What a page would read: the change's input first, else the server's record.
    fn topic(v: &ViewRow) -> String {
        if let Some(change) = &v.change {
            return change.decode::<StudyInput>().unwrap().topic;
        }
        match v.server.as_ref().unwrap().decode::<RecordData>().unwrap() {
            RecordData::Study(StudyRecord { topic, .. }) => topic,
            _ => String::new(),
        }
    }

    #[test]
    fn one_op_per_record_per_batch_and_the_next_gets_its_base_from_the_answer() {
        let id = Uuid::now_v7();
        let other = Uuid::now_v7();
        let outbox = vec![
            (1, PendingOp::new(id, put("a"), None, false)),
            (2, PendingOp::new(id, put("b"), None, true)),
            (3, PendingOp::new(other, put("c"), Some(4), false)),
        ];
        let batch = plan_batch(&outbox, 20);
        assert_eq!(
            batch.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
            vec![1, 3]
        );
        assert_eq!(batch[0].1.base_revision, None);
        assert_eq!(batch[1].1.base_revision, Some(4));

        let answer = Outcome {
            status: Status::Duplicate,
            first: Some(Box::new(applied(row(id, 9, "a")))),
            ..applied(row(id, 1, "ignored"))
        };
        let s = settle(&outbox, 1, &answer);
        assert_eq!(s.remove, Some(1));
        assert_eq!(s.row.as_ref().map(|r| r.revision), Some(9));
        assert_eq!(s.update.len(), 1);
        assert_eq!((s.update[0].0, s.update[0].1.base), (2, Base::Known(9)));
    }

    #[test]
    fn a_conflict_keeps_the_overwritten_version() {
        let id = Uuid::now_v7();
        let outbox = vec![(1, PendingOp::new(id, put("mine"), Some(3), false))];
        let answer = Outcome {
            status: Status::Conflict,
            replaced: Some(row(id, 4, "theirs")),
            ..applied(row(id, 5, "mine"))
        };
        let s = settle(&outbox, 1, &answer);
        assert_eq!(s.remove, Some(1));
        assert_eq!(s.row.as_ref().map(|r| r.revision), Some(5));
        assert_eq!(s.replaced.as_ref().map(|r| r.revision), Some(4));
    }

    #[test]
    fn an_answer_the_phone_cannot_read_leaves_the_change_to_go_again() {
        let id = Uuid::now_v7();
        let outbox = vec![(1, PendingOp::new(id, put("a"), None, false))];
        let mut answer = applied(row(id, 2, "a"));
        answer.row = None;
        assert_eq!(settle(&outbox, 1, &answer), Settled::default());
    }

    #[test]
    fn a_refused_op_stays_with_its_reason_and_holds_back_its_successor() {
        let id = Uuid::now_v7();
        let outbox = vec![
            (1, PendingOp::new(id, put("a"), None, false)),
            (2, PendingOp::new(id, put("b"), None, true)),
        ];
        let error =
            zhibu_model::FieldError::new("topic", ErrorCode::TooLong).to_api_error(Lang::ZhCn);
        let refusal = Outcome {
            status: Status::Rejected,
            row: None,
            error: Some(error.clone()),
            ..applied(row(id, 1, "x"))
        };
        let s = settle(&outbox, 1, &refusal);
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
            (1, PendingOp::new(a, put("edited a"), Some(1), false)),
            (
                2,
                PendingOp::new(b, RawChange::of(&Change::StudyDelete), Some(2), false),
            ),
            (3, PendingOp::new(c, put("new c"), None, false)),
        ];
        let view = overlay(&rows, &outbox);
        let topics: Vec<_> = view.iter().map(|v| (topic(v), v.pending)).collect();
        assert_eq!(
            topics,
            vec![("edited a".to_owned(), true), ("new c".to_owned(), true)]
        );
        assert_eq!(view[1].kind, RecordKind::Study);
        // The server's version stays beside the change.
        assert!(view[0].server.is_some() && view[1].server.is_none());
    }

    #[test]
    fn batches_respect_the_size_limit() {
        let outbox: Vec<_> = (0..50)
            .map(|i| (i, PendingOp::new(Uuid::now_v7(), put("x"), None, false)))
            .collect();
        assert_eq!(plan_batch(&outbox, 20).len(), 20);
    }

    /// An outbox entry stored by an earlier version of the app (typed) reads back.
    #[test]
    fn entries_stored_before_read_back() {
        let typed = serde_json::json!({
            "op": {
                "op_id": Uuid::now_v7(),
                "record_id": Uuid::now_v7(),
                "base_revision": null,
                "kind": "study_put",
                "record": {"date": "2026-11-27", "minutes": 45, "form": "self_study", "topic": "旧"},
            },
            "base": "New",
            "attempts": 2,
        });
        let p: PendingOp = serde_json::from_str(&typed.to_string()).unwrap();
        assert_eq!(
            (p.op.kind.as_str(), p.attempts, p.base),
            ("study_put", 2, Base::New)
        );
        assert_eq!(
            p.op.record.unwrap().decode::<StudyInput>().unwrap().topic,
            "旧"
        );
    }
}
