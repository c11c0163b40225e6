//! Study-record operations as the SPA's outbox makes them: a new UUIDv7 record and op id,
//! the topic carrying a marker the harness can find again.

use zhibu_model::Uuid;
use zhibu_model::study::StudyInput;
use zhibu_model::sync::{Change, Operation};

/// A date that is valid whenever the harness runs (not in the future, not before 2000).
const DATE: &str = "2025-06-01";

pub fn new_study(marker: &str) -> Operation {
    Operation {
        op_id: Uuid::now_v7(),
        record_id: Uuid::now_v7(),
        base_revision: None,
        change: Change::StudyPut(StudyInput {
            date: DATE.into(),
            minutes: 45,
            form: "self_study".into(),
            topic: format!("学习党章 {marker}"),
            notes: String::new(),
            plan_item_id: None,
        }),
    }
}

/// The marker of a study record's topic, as `new_study` wrote it.
pub fn marker(topic: &str) -> Option<&str> {
    topic.rsplit_once(' ').map(|(_, m)| m)
}
