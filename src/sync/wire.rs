//! The sync contract as the engine reads and writes it: rows, operations and answers with
//! each record's content left as the JSON it came as.
//!
//! The engine moves records between the server, the phone's store and the pages without
//! looking inside them; a page reads the kinds it shows, typed, through `crate::records`.
//! So the engine's code (every member page needs it first) carries no record kind's
//! parsing or validation: those come with the pages that show or edit that kind. The
//! shapes here are the model's (`zhibu_model::sync`) to the byte; the tests below check
//! both ways.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use zhibu_model::sync::{Change, RecordKind, Revision};
use zhibu_model::{ApiError, Uuid};

/// A record's content as JSON, compared by its text.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Raw(Box<RawValue>);

impl Raw {
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// `T` from this JSON, or nothing if it is not one.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_str(self.get()).ok()
    }

    pub fn of<T: Serialize>(value: &T) -> Self {
        let json = serde_json::to_string(value).expect("a record serialises");
        Raw(RawValue::from_string(json).expect("serde_json writes valid JSON"))
    }
}

impl PartialEq for Raw {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for Raw {}

/// `SyncRow`, its content (`{kind, data}`, `RecordData`'s shape) raw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub kind: RecordKind,
    pub id: Uuid,
    pub revision: Revision,
    pub owner: Uuid,
    #[serde(default)]
    pub deleted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Raw>,
}

/// `Operation`: its change (flattened in the model) as the change's name (`study_put`)
/// and the record raw. Written out field by field: serde reads a flattened field through
/// a buffer that a raw value cannot pass.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    pub op_id: Uuid,
    pub record_id: Uuid,
    #[serde(default)]
    pub base_revision: Option<Revision>,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<Raw>,
}

impl Op {
    pub fn is_delete(&self) -> bool {
        self.kind.ends_with("_delete")
    }

    /// The kind of record it changes (`study_put` → study).
    pub fn record_kind(&self) -> Option<RecordKind> {
        let name = self
            .kind
            .strip_suffix("_put")
            .or_else(|| self.kind.strip_suffix("_delete"))?;
        RecordKind::parse(name)
    }
}

/// A change as a page hands it to the engine: its name and its record raw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawChange {
    pub kind: String,
    pub record: Option<Raw>,
}

impl RawChange {
    /// A page's typed change, as the engine keeps and sends it. Called by the pages, so
    /// writing each kind is part of the code of the pages that make it.
    pub fn of(change: &Change) -> Self {
        #[derive(Deserialize)]
        struct Parts {
            kind: String,
            #[serde(default)]
            record: Option<Raw>,
        }
        let json = serde_json::to_string(change).expect("a change serialises");
        let Parts { kind, record } =
            serde_json::from_str(&json).expect("a change reads back as its parts");
        RawChange { kind, record }
    }
}

/// `OpResult` / `OpOutcome`: the server's answer to one operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Set on the answers of a push; not on the first answer inside a duplicate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op_id: Option<Uuid>,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<Row>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced: Option<Row>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ApiError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<Box<Outcome>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Applied,
    Duplicate,
    Rejected,
    Conflict,
}

impl Outcome {
    /// The answer with any `duplicate` wrapper removed.
    pub fn settled(&self) -> &Outcome {
        match (self.status, &self.first) {
            (Status::Duplicate, Some(first)) => first.settled(),
            _ => self,
        }
    }
}

/// `PushRequest`.
#[derive(Serialize)]
pub struct Push<'a> {
    pub ops: &'a [Op],
}

/// `PushResponse`.
#[derive(Deserialize)]
pub struct Pushed {
    pub results: Vec<Outcome>,
}

/// `PullResponse`.
#[derive(Deserialize)]
pub struct Pulled {
    pub rows: Vec<Row>,
    pub cursor: Revision,
    pub more: bool,
    #[serde(default)]
    pub scope: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhibu_model::study::StudyInput;
    use zhibu_model::sync::{OpOutcome, OpResult, Operation, RecordData, SyncRow};
    use zhibu_model::{ErrorCode, FieldError, Lang};

    fn study_row(deleted: bool) -> SyncRow {
        let record = StudyInput {
            date: "2026-11-27".into(),
            minutes: 45,
            form: "self_study".into(),
            topic: "党章".into(),
            ..Default::default()
        }
        .parse("2026-11-28".parse().unwrap())
        .unwrap();
        SyncRow {
            kind: RecordKind::Study,
            id: Uuid::now_v7(),
            revision: 4,
            owner: Uuid::now_v7(),
            deleted,
            data: (!deleted).then_some(RecordData::Study(record)),
        }
    }

    /// Typed → JSON → raw → JSON → typed gives back the same value, and the same bytes.
    fn both_ways<T, R>(typed: &T)
    where
        T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
        R: Serialize + serde::de::DeserializeOwned,
    {
        let json = serde_json::to_string(typed).unwrap();
        let raw: R = serde_json::from_str(&json).unwrap();
        let again = serde_json::to_string(&raw).unwrap();
        assert_eq!(&serde_json::from_str::<T>(&again).unwrap(), typed);
        assert_eq!(again, json);
    }

    #[test]
    fn rows_operations_and_answers_keep_the_models_shape() {
        both_ways::<SyncRow, Row>(&study_row(false));
        both_ways::<SyncRow, Row>(&study_row(true));
        let put = Operation {
            op_id: Uuid::now_v7(),
            record_id: Uuid::now_v7(),
            base_revision: Some(3),
            change: Change::StudyPut(StudyInput {
                topic: "党章".into(),
                ..Default::default()
            }),
        };
        both_ways::<Operation, Op>(&put);
        both_ways::<Operation, Op>(&Operation {
            change: Change::StudyDelete,
            base_revision: None,
            ..put.clone()
        });
        let applied = OpOutcome::Applied {
            row: study_row(false),
        };
        let answers = [
            applied.clone(),
            OpOutcome::Duplicate {
                first: Box::new(applied),
            },
            OpOutcome::Conflict {
                row: study_row(false),
                replaced: study_row(false),
            },
            OpOutcome::rejected(FieldError::new("topic", ErrorCode::TooLong), Lang::ZhCn),
        ];
        for outcome in answers {
            both_ways::<OpResult, Outcome>(&OpResult {
                op_id: Uuid::now_v7(),
                outcome,
            });
        }
    }

    fn op(change: &Change) -> Op {
        let RawChange { kind, record } = RawChange::of(change);
        Op {
            op_id: Uuid::now_v7(),
            record_id: Uuid::now_v7(),
            base_revision: None,
            kind,
            record,
        }
    }

    #[test]
    fn a_change_knows_its_record_kind_and_whether_it_deletes() {
        let put = op(&Change::StudyPut(StudyInput::default()));
        assert_eq!(
            (put.record_kind(), put.is_delete()),
            (Some(RecordKind::Study), false)
        );
        assert!(put.record.is_some());
        let gone = op(&Change::EventRsvpDelete);
        assert_eq!(
            (gone.record_kind(), gone.is_delete(), gone.record),
            (Some(RecordKind::EventRsvp), true, None)
        );
        let sheet = op(&Change::EventAttendancePut(Default::default()));
        assert_eq!(sheet.record_kind(), Some(RecordKind::EventAttendance));
        // A raw change sent is the typed one to the byte.
        let typed = Operation {
            op_id: put.op_id,
            record_id: put.record_id,
            base_revision: None,
            change: Change::StudyPut(StudyInput::default()),
        };
        assert_eq!(
            serde_json::to_string(&put).unwrap(),
            serde_json::to_string(&typed).unwrap()
        );
    }

    #[test]
    fn duplicates_settle_to_the_first_answer() {
        let json = r#"{"op_id":"0190d5b4-0000-7000-8000-000000000001","status":"duplicate","first":{"status":"rejected","error":{"code":"too_long","field":"topic","message":"太长"}}}"#;
        let o: Outcome = serde_json::from_str(json).unwrap();
        assert_eq!(o.settled().status, Status::Rejected);
        assert_eq!(
            o.settled().error.as_ref().and_then(|e| e.field.as_deref()),
            Some("topic")
        );
    }
}
