//! Who may write which record. Reads are scoped in the repository's queries; writes are
//! checked here, against the session's member and role, for every operation.

use crate::repo::{Scope, StoredRecord};
use zhibu_model::sync::RecordKind;
use zhibu_model::{ErrorCode, FieldError, Me};

/// Where a new record of this kind lives, or why this member may not write one.
pub fn scope_for(me: &Me, kind: RecordKind) -> Result<Scope, FieldError> {
    match kind {
        // Talks and confirmations are their writer's, read also by the members named in
        // `record_readers` (apply.rs adds them) and summarised for the branch's managers.
        RecordKind::Study
        | RecordKind::PlanTick
        | RecordKind::Talk
        | RecordKind::TalkConfirmation
        // A pledge version and its 践诺 entries: only their owner reads them (the branch's
        // managers see status through `GET /api/v1/branch/pledges`).
        | RecordKind::Pledge
        | RecordKind::PledgeProgress => Ok(Scope::Own),
        // The branch study plan is published by the branch's secretary or committee.
        RecordKind::PlanItem if me.role.manages_branch() && me.branch_id.is_some() => {
            Ok(Scope::Branch)
        }
        RecordKind::PlanItem => Err(FieldError::new("kind", ErrorCode::Forbidden)),
        // A member's own answers to an event, read also by the branch's managers.
        RecordKind::EventRsvp | RecordKind::EventCheckIn => Ok(Scope::Own),
        // Events, leave decisions and attendance are the branch secretary's and
        // committee's to write (decisions and sheets also theirs alone to read).
        RecordKind::Event | RecordKind::EventLeaveDecision | RecordKind::EventAttendance
            if me.role.manages_branch() && me.branch_id.is_some() =>
        {
            Ok(Scope::Branch)
        }
        RecordKind::Event | RecordKind::EventLeaveDecision | RecordKind::EventAttendance => {
            Err(FieldError::new("kind", ErrorCode::Forbidden))
        }
        // Pledge templates likewise.
        RecordKind::PledgeTemplate if me.role.manages_branch() && me.branch_id.is_some() => {
            Ok(Scope::Branch)
        }
        RecordKind::PledgeTemplate => Err(FieldError::new("kind", ErrorCode::Forbidden)),
        // 意见建议: every member's own; the asking member also reads the answers, which
        // only the organisation's administrators write.
        RecordKind::Feedback => Ok(Scope::Own),
        RecordKind::FeedbackReply if me.role == zhibu_model::Role::Admin => Ok(Scope::Own),
        RecordKind::FeedbackReply => Err(FieldError::new("kind", ErrorCode::Forbidden)),
    }
}

/// Whether an existing record may be changed by this member through an operation of
/// `kind`. Another member's record, or another branch's, is refused without saying more.
pub fn may_change(me: &Me, kind: RecordKind, existing: &StoredRecord) -> Result<(), FieldError> {
    let forbidden = || FieldError::new("record_id", ErrorCode::Forbidden);
    if existing.kind != kind.as_str() {
        return Err(forbidden());
    }
    let mine = match existing.scope() {
        Scope::Own => existing.owner_id == me.id.to_string(),
        Scope::Branch => {
            me.role.manages_branch()
                && me.branch_id.map(|b| b.to_string()).as_deref() == existing.branch_id.as_deref()
        }
    };
    if mine { Ok(()) } else { Err(forbidden()) }
}
