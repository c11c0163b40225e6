//! The sync store: records with revisions, their history, and the answers already given.
//! Reads for pull and the overviews are here; the push writer's transaction is in
//! `sync_write.rs`.

use super::Repo;
use sqlx::FromRow;

/// Who may see a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Only its owner.
    Own,
    /// Every member of its branch.
    Branch,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Own => "own",
            Scope::Branch => "branch",
        }
    }
}

/// A record row as stored.
#[derive(Clone, Debug, FromRow)]
pub struct StoredRecord {
    pub id: String,
    pub kind: String,
    pub owner_id: String,
    pub branch_id: Option<String>,
    pub scope: String,
    pub revision: i64,
    pub deleted: bool,
    pub body: Option<String>,
    /// The record this one answers (a talk confirmation's talk).
    pub ref_id: Option<String>,
}

impl StoredRecord {
    pub fn scope(&self) -> Scope {
        if self.scope == "branch" {
            Scope::Branch
        } else {
            Scope::Own
        }
    }
}

impl Repo {
    /// Rows above `since` that a member may see: their own, their branch's shared ones
    /// (leave decisions and attendance sheets only for the branch's managers), those they
    /// were made a reader of, and — for the branch's secretary and committee (`manages`) —
    /// the branch's talks, which the caller redacts to summaries unless the member took
    /// part, and its members' RSVPs and check-ins.
    pub async fn records_since(
        &self,
        member_id: &str,
        branch_id: Option<&str>,
        manages: bool,
        since: i64,
        limit: i64,
    ) -> sqlx::Result<Vec<StoredRecord>> {
        sqlx::query_as(
            "SELECT id, kind, owner_id, branch_id, scope, revision, deleted, body, ref_id \
             FROM records \
             WHERE revision > $1 \
               AND ((scope = 'own' AND owner_id = $2) \
                 OR (scope = 'branch' AND branch_id = $3 \
                     AND ($5 OR kind NOT IN ('event_leave_decision', 'event_attendance'))) \
                 OR id IN (SELECT record_id FROM record_readers WHERE member_id = $2) \
                 OR ($5 AND kind IN ('talk', 'event_rsvp', 'event_check_in') AND branch_id = $3)) \
             ORDER BY revision LIMIT $4",
        )
        .bind(since)
        .bind(member_id)
        .bind(branch_id)
        .bind(limit)
        .bind(manages)
        .fetch_all(&self.pool)
        .await
    }

    /// The versions a record had before its current one, oldest first.
    pub async fn record_history(
        &self,
        record_id: &str,
    ) -> sqlx::Result<Vec<(i64, bool, Option<String>, bool)>> {
        sqlx::query_as(
            "SELECT revision, deleted, body, conflict FROM record_history \
             WHERE record_id = $1 ORDER BY revision",
        )
        .bind(record_id)
        .fetch_all(&self.pool)
        .await
    }
}

/// A live feedback with whose it is (`GET /api/v1/org/feedback`).
#[derive(Clone, Debug, FromRow)]
pub struct FeedbackRow {
    pub id: String,
    pub owner_id: String,
    pub body: String,
    pub created_at: i64,
    pub display_name: String,
    pub branch_name: Option<String>,
}

impl Repo {
    /// Every live feedback, newest first, and every live answer `(feedback id, body)`,
    /// oldest first.
    pub async fn feedback_records(
        &self,
    ) -> sqlx::Result<(Vec<FeedbackRow>, Vec<(String, String)>)> {
        let feedback = sqlx::query_as(
            "SELECT r.id, r.owner_id, r.body, r.created_at, m.display_name, b.name AS branch_name \
             FROM records r JOIN members m ON m.id = r.owner_id \
             LEFT JOIN branches b ON b.id = m.branch_id \
             WHERE r.kind = 'feedback' AND r.deleted = 0 AND r.body IS NOT NULL \
             ORDER BY r.created_at DESC, r.id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        let replies = sqlx::query_as(
            "SELECT ref_id, body FROM records WHERE kind = 'feedback_reply' AND deleted = 0 \
               AND ref_id IS NOT NULL AND body IS NOT NULL ORDER BY revision",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok((feedback, replies))
    }
}

/// A version a write replaced, to keep in the record's history.
pub struct Replaced {
    pub old: StoredRecord,
    pub replaced_by_op: String,
    /// The write had not seen this version (a conflict, last write won).
    pub conflict: bool,
}
