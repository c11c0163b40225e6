//! The sync contract between a phone's outbox and the server (docs/ARCHITECTURE.md).
//!
//! A member's change becomes an [`Operation`] with a client-made UUIDv7 `op_id`, stored on
//! the phone before the UI says "saved". The server applies each operation at most once
//! per (member, op_id) and answers with an [`OpOutcome`]. Pulls return [`SyncRow`]s whose
//! revision is above the client's cursor, deletions included as tombstones.

use crate::attendance::{
    AttendanceSheet, AttendanceSheetInput, EventCheckIn, EventCheckInInput, EventRsvp,
    EventRsvpInput, LeaveDecision, LeaveDecisionInput,
};
use crate::error::{ApiError, FieldError};
use crate::event::{EventInput, EventRecord};
use crate::feedback::{Feedback, FeedbackInput, FeedbackReply, FeedbackReplyInput};
use crate::plan::{PlanItem, PlanItemInput, PlanTick, PlanTickInput};
use crate::pledge::{
    Pledge, PledgeInput, PledgeProgress, PledgeProgressInput, PledgeTemplate, PledgeTemplateInput,
};
use crate::study::{StudyInput, StudyRecord};
use crate::talk::{TalkConfirmation, TalkConfirmationInput, TalkInput, TalkRecord, TalkSummary};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The server's monotonically increasing change counter. 0 = nothing seen yet.
pub type Revision = i64;

/// The largest push batch a server accepts; the engine sends smaller ones.
pub const MAX_PUSH_BATCH: usize = 200;
/// The largest push body (bytes) the server reads. Far above a batch of 20 ops with the
/// longest notes (5,000 Chinese characters are 15 kB of JSON), so the engine's batches
/// always fit; larger ones get 413.
pub const MAX_PUSH_BYTES: usize = 1024 * 1024;
/// The most rows one pull returns; `more` says whether to ask again.
pub const PULL_PAGE: usize = 500;

/// Kinds of synced record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A member's study record (own).
    Study,
    /// An item of the branch study plan (branch-wide, written by the secretary).
    PlanItem,
    /// A member's tick of a plan item (own).
    PlanTick,
    /// A talk record: its writer and member counterparts read it; the branch's secretary
    /// and committee pull a summary (`RecordData::TalkSummary`).
    Talk,
    /// A member counterpart's confirmation or dispute of a talk: read by that counterpart
    /// and the talk's writer.
    TalkConfirmation,
    /// A branch event (branch-wide, written by the secretary and committee); plain
    /// members receive it without its check-in secret (`EventRecord::for_member`).
    Event,
    /// A member's RSVP or leave request (own; read also by the branch's managers).
    EventRsvp,
    /// A decision on a leave request (branch managers'; read also by the member who asked).
    EventLeaveDecision,
    /// An event's attendance sheet (branch managers' only).
    EventAttendance,
    /// A member's self check-in (own; read also by the branch's managers).
    EventCheckIn,
    /// A pledge template (branch-wide, written by the secretary or committee).
    PledgeTemplate,
    /// A member's pledge version (own; only its owner reads it). Signed, it never changes.
    Pledge,
    /// A 践诺 progress entry on the member's own signed pledge (own).
    PledgeProgress,
    /// A member's 意见建议 to the organisation's administrators (own).
    Feedback,
    /// An administrator's answer to a feedback (theirs; read also by the member who
    /// asked).
    FeedbackReply,
}

impl RecordKind {
    pub const ALL: [RecordKind; 15] = [
        RecordKind::Study,
        RecordKind::PlanItem,
        RecordKind::PlanTick,
        RecordKind::Talk,
        RecordKind::TalkConfirmation,
        RecordKind::Event,
        RecordKind::EventRsvp,
        RecordKind::EventLeaveDecision,
        RecordKind::EventAttendance,
        RecordKind::EventCheckIn,
        RecordKind::PledgeTemplate,
        RecordKind::Pledge,
        RecordKind::PledgeProgress,
        RecordKind::Feedback,
        RecordKind::FeedbackReply,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Study => "study",
            RecordKind::PlanItem => "plan_item",
            RecordKind::PlanTick => "plan_tick",
            RecordKind::Talk => "talk",
            RecordKind::TalkConfirmation => "talk_confirmation",
            RecordKind::Event => "event",
            RecordKind::EventRsvp => "event_rsvp",
            RecordKind::EventLeaveDecision => "event_leave_decision",
            RecordKind::EventAttendance => "event_attendance",
            RecordKind::EventCheckIn => "event_check_in",
            RecordKind::PledgeTemplate => "pledge_template",
            RecordKind::Pledge => "pledge",
            RecordKind::PledgeProgress => "pledge_progress",
            RecordKind::Feedback => "feedback",
            RecordKind::FeedbackReply => "feedback_reply",
        }
    }

    pub fn parse(s: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What an operation does to its record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "record", rename_all = "snake_case")]
pub enum Change {
    StudyPut(StudyInput),
    StudyDelete,
    PlanItemPut(PlanItemInput),
    PlanItemDelete,
    PlanTickPut(PlanTickInput),
    PlanTickDelete,
    TalkPut(TalkInput),
    TalkDelete,
    TalkConfirmationPut(TalkConfirmationInput),
    TalkConfirmationDelete,
    /// Events are cancelled (kept) rather than deleted; deletion is for mistakes.
    EventPut(EventInput),
    EventDelete,
    EventRsvpPut(EventRsvpInput),
    EventRsvpDelete,
    EventLeaveDecisionPut(LeaveDecisionInput),
    EventAttendancePut(AttendanceSheetInput),
    /// A check-in is never withdrawn: the secretary's sheet corrects attendance.
    EventCheckInPut(EventCheckInInput),
    PledgeTemplatePut(PledgeTemplateInput),
    PledgeTemplateDelete,
    PledgePut(Box<PledgeInput>),
    PledgeDelete,
    PledgeProgressPut(PledgeProgressInput),
    PledgeProgressDelete,
    FeedbackPut(FeedbackInput),
    FeedbackReplyPut(FeedbackReplyInput),
}

impl Change {
    pub fn record_kind(&self) -> RecordKind {
        match self {
            Change::StudyPut(_) | Change::StudyDelete => RecordKind::Study,
            Change::PlanItemPut(_) | Change::PlanItemDelete => RecordKind::PlanItem,
            Change::PlanTickPut(_) | Change::PlanTickDelete => RecordKind::PlanTick,
            Change::TalkPut(_) | Change::TalkDelete => RecordKind::Talk,
            Change::TalkConfirmationPut(_) | Change::TalkConfirmationDelete => {
                RecordKind::TalkConfirmation
            }
            Change::EventPut(_) | Change::EventDelete => RecordKind::Event,
            Change::EventRsvpPut(_) | Change::EventRsvpDelete => RecordKind::EventRsvp,
            Change::EventLeaveDecisionPut(_) => RecordKind::EventLeaveDecision,
            Change::EventAttendancePut(_) => RecordKind::EventAttendance,
            Change::EventCheckInPut(_) => RecordKind::EventCheckIn,
            Change::PledgeTemplatePut(_) | Change::PledgeTemplateDelete => {
                RecordKind::PledgeTemplate
            }
            Change::PledgePut(_) | Change::PledgeDelete => RecordKind::Pledge,
            Change::PledgeProgressPut(_) | Change::PledgeProgressDelete => {
                RecordKind::PledgeProgress
            }
            Change::FeedbackPut(_) => RecordKind::Feedback,
            Change::FeedbackReplyPut(_) => RecordKind::FeedbackReply,
        }
    }

    pub fn is_delete(&self) -> bool {
        matches!(
            self,
            Change::StudyDelete
                | Change::PlanItemDelete
                | Change::PlanTickDelete
                | Change::TalkDelete
                | Change::TalkConfirmationDelete
                | Change::EventDelete
                | Change::EventRsvpDelete
                | Change::PledgeTemplateDelete
                | Change::PledgeDelete
                | Change::PledgeProgressDelete
        )
    }
}

/// One change from a member's outbox: `{op_id, record_id, base_revision, kind, record}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Operation {
    pub op_id: Uuid,
    pub record_id: Uuid,
    /// The revision of the record the member edited; `None` for a new record.
    #[serde(default)]
    pub base_revision: Option<Revision>,
    #[serde(flatten)]
    pub change: Change,
}

/// A validated record's content, tagged by kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum RecordData {
    Study(StudyRecord),
    PlanItem(PlanItem),
    PlanTick(PlanTick),
    /// Boxed: the largest record, kept out of every other row's size.
    Talk(Box<TalkRecord>),
    /// A talk as its writer's branch secretary and committee see it when they did not take
    /// part: stored never, made at pull time from the talk (its kind on the row is `talk`).
    TalkSummary(TalkSummary),
    TalkConfirmation(TalkConfirmation),
    Event(Box<EventRecord>),
    EventRsvp(EventRsvp),
    EventLeaveDecision(LeaveDecision),
    EventAttendance(AttendanceSheet),
    EventCheckIn(EventCheckIn),
    PledgeTemplate(PledgeTemplate),
    /// Boxed: the text and the signature's strokes.
    Pledge(Box<Pledge>),
    PledgeProgress(PledgeProgress),
    Feedback(Feedback),
    FeedbackReply(FeedbackReply),
}

impl RecordData {
    pub fn kind(&self) -> RecordKind {
        match self {
            RecordData::Study(_) => RecordKind::Study,
            RecordData::PlanItem(_) => RecordKind::PlanItem,
            RecordData::PlanTick(_) => RecordKind::PlanTick,
            RecordData::Talk(_) | RecordData::TalkSummary(_) => RecordKind::Talk,
            RecordData::TalkConfirmation(_) => RecordKind::TalkConfirmation,
            RecordData::Event(_) => RecordKind::Event,
            RecordData::EventRsvp(_) => RecordKind::EventRsvp,
            RecordData::EventLeaveDecision(_) => RecordKind::EventLeaveDecision,
            RecordData::EventAttendance(_) => RecordKind::EventAttendance,
            RecordData::EventCheckIn(_) => RecordKind::EventCheckIn,
            RecordData::PledgeTemplate(_) => RecordKind::PledgeTemplate,
            RecordData::Pledge(_) => RecordKind::Pledge,
            RecordData::PledgeProgress(_) => RecordKind::PledgeProgress,
            RecordData::Feedback(_) => RecordKind::Feedback,
            RecordData::FeedbackReply(_) => RecordKind::FeedbackReply,
        }
    }
}

/// A record as the server holds it. `data` is `None` for a deleted record (a tombstone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncRow {
    pub kind: RecordKind,
    pub id: Uuid,
    pub revision: Revision,
    /// The member who owns the record (for branch-wide records: who last wrote it).
    pub owner: Uuid,
    #[serde(default)]
    pub deleted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<RecordData>,
}

/// The server's answer to one operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum OpOutcome {
    /// Applied; the record is now at `row.revision`.
    Applied { row: SyncRow },
    /// This op_id was seen before: `first` is the answer given then, unchanged.
    Duplicate {
        // The document refers to itself here rather than expanding without end.
        #[cfg_attr(feature = "openapi", schema(no_recursion))]
        first: Box<OpOutcome>,
    },
    /// Not applied, for a reason the member can read and fix.
    Rejected { error: ApiError },
    /// The record had changed since `base_revision`. The operation was still applied
    /// (last write wins); `replaced` is the server's version it overwrote, which stays in
    /// the record's history, so nothing is lost.
    Conflict { row: SyncRow, replaced: SyncRow },
}

impl OpOutcome {
    /// The outcome with any `Duplicate` wrapper removed.
    pub fn settled(&self) -> &OpOutcome {
        match self {
            OpOutcome::Duplicate { first } => first.settled(),
            other => other,
        }
    }

    pub fn rejected(error: FieldError, lang: crate::Lang) -> Self {
        OpOutcome::Rejected {
            error: error.to_api_error(lang),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpResult {
    pub op_id: Uuid,
    #[serde(flatten)]
    pub outcome: OpOutcome,
}

/// `POST /api/v1/sync/push`: operations in the order they were made.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRequest {
    pub ops: Vec<Operation>,
}

/// One result per operation, in the request's order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    pub results: Vec<OpResult>,
}

/// `GET /api/v1/sync/pull?since=N`: rows changed after `since` that the member may see.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    pub rows: Vec<SyncRow>,
    /// The cursor to send next time.
    pub cursor: Revision,
    /// More rows wait beyond this page.
    pub more: bool,
    /// The version of what the member may see. It changes when their branch or role
    /// does: rows that became visible keep their old revisions (a cursor past them would
    /// never bring them) and rows no longer visible are never sent again as tombstones,
    /// so a phone holding another version drops its rows (never its outbox) and pulls
    /// from 0 (`src/sync/scope.rs`).
    #[serde(default)]
    pub scope: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_wire_shape_matches_the_contract() {
        let op = Operation {
            op_id: Uuid::now_v7(),
            record_id: Uuid::now_v7(),
            base_revision: Some(7),
            change: Change::StudyPut(StudyInput {
                date: "2026-11-27".into(),
                minutes: 45,
                ..Default::default()
            }),
        };
        let json = serde_json::to_value(&op).unwrap();
        assert_eq!(json["kind"], "study_put");
        assert_eq!(json["record"]["minutes"], 45);
        assert_eq!(json["base_revision"], 7);
        assert_eq!(serde_json::from_value::<Operation>(json).unwrap(), op);

        let del = Operation {
            change: Change::StudyDelete,
            base_revision: None,
            ..op
        };
        let json = serde_json::to_value(&del).unwrap();
        assert_eq!(json["kind"], "study_delete");
        assert_eq!(serde_json::from_value::<Operation>(json).unwrap(), del);
    }

    #[test]
    fn outcomes_are_tagged_by_status_and_duplicates_settle() {
        let row = SyncRow {
            kind: RecordKind::Study,
            id: Uuid::nil(),
            revision: 3,
            owner: Uuid::nil(),
            deleted: true,
            data: None,
        };
        let first = OpOutcome::Applied { row };
        let dup = OpOutcome::Duplicate {
            first: Box::new(first.clone()),
        };
        let json = serde_json::to_value(OpResult {
            op_id: Uuid::nil(),
            outcome: dup.clone(),
        })
        .unwrap();
        assert_eq!(json["status"], "duplicate");
        assert_eq!(json["first"]["status"], "applied");
        assert_eq!(dup.settled(), &first);
    }

    #[test]
    fn kinds_round_trip() {
        for k in RecordKind::ALL {
            assert_eq!(RecordKind::parse(k.as_str()), Some(k));
        }
    }
}
