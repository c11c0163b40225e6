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

/// A pull page: one arm per way a member may see a record, each an index walk in revision
/// order (migration 0009), merged by SQLite without sorting and stopped after `$4` rows,
/// so a page costs what its rows do, wherever the cursor is. A single `OR` of the same
/// conditions made SQLite gather every visible row above the cursor and sort them (123–358
/// ms for a one-row page from cursor 0 with 221k–378k rows visible). The arms are disjoint
/// (a later arm leaves out what an earlier one returns), so no row comes twice:
/// `$1` cursor, `$2` member, `$3` branch (NULL: none), `$4` limit, `$5` manages the branch.
/// The readers' arm returns `record_readers.revision` (kept equal to the record's by
/// triggers) because only that column is in its index's order.
const PULL_SQL: &str = "\
    SELECT id, kind, owner_id, branch_id, scope, revision, deleted, body, ref_id FROM records \
     WHERE owner_id = $2 AND scope = 'own' AND revision > $1 \
    UNION ALL \
    SELECT id, kind, owner_id, branch_id, scope, revision, deleted, body, ref_id FROM records \
     WHERE branch_id = $3 AND scope = 'branch' AND revision > $1 \
       AND ($5 OR kind NOT IN ('event_leave_decision', 'event_attendance')) \
    UNION ALL \
    SELECT id, kind, owner_id, branch_id, scope, revision, deleted, body, ref_id FROM records \
     WHERE $5 AND kind = 'talk' AND branch_id = $3 AND revision > $1 \
       AND scope = 'own' AND owner_id <> $2 \
    UNION ALL \
    SELECT id, kind, owner_id, branch_id, scope, revision, deleted, body, ref_id FROM records \
     WHERE $5 AND kind = 'event_rsvp' AND branch_id = $3 AND revision > $1 \
       AND scope = 'own' AND owner_id <> $2 \
    UNION ALL \
    SELECT id, kind, owner_id, branch_id, scope, revision, deleted, body, ref_id FROM records \
     WHERE $5 AND kind = 'event_check_in' AND branch_id = $3 AND revision > $1 \
       AND scope = 'own' AND owner_id <> $2 \
    UNION ALL \
    SELECT r.id, r.kind, r.owner_id, r.branch_id, r.scope, rr.revision, r.deleted, r.body, \
           r.ref_id \
     FROM record_readers rr JOIN records r ON r.id = rr.record_id \
     WHERE rr.member_id = $2 AND rr.revision > $1 \
       AND NOT (r.scope = 'own' AND r.owner_id = $2) \
       AND NOT COALESCE(r.scope = 'branch' AND r.branch_id = $3 \
           AND ($5 OR r.kind NOT IN ('event_leave_decision', 'event_attendance')), FALSE) \
       AND NOT COALESCE($5 AND r.kind IN ('talk', 'event_rsvp', 'event_check_in') \
           AND r.branch_id = $3, FALSE) \
    ORDER BY revision LIMIT $4";

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
        // One statement, not a transaction: the read snapshot it holds ends with it, so
        // pulls never keep the WAL from starting over for longer than a page takes.
        sqlx::query_as(PULL_SQL)
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

#[cfg(test)]
mod tests {
    use super::*;

    async fn repo() -> (Repo, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        (Repo::connect(&url).await.unwrap(), dir)
    }

    /// Every arm walks an index in revision order: no scan of the table, no sort.
    #[tokio::test]
    async fn a_pull_page_is_read_in_index_order_without_sorting() {
        let (repo, _dir) = repo().await;
        for (branch, manages) in [(Some("b"), true), (Some("b"), false), (None, false)] {
            let plan: Vec<(i64, i64, i64, String)> =
                sqlx::query_as(&format!("EXPLAIN QUERY PLAN {PULL_SQL}"))
                    .bind(0i64)
                    .bind("m")
                    .bind(branch)
                    .bind(100i64)
                    .bind(manages)
                    .fetch_all(&repo.pool)
                    .await
                    .unwrap();
            let plan: Vec<&str> = plan.iter().map(|row| row.3.as_str()).collect();
            assert!(
                plan.iter()
                    .all(|step| !step.contains("TEMP B-TREE") && !step.starts_with("SCAN")),
                "{plan:#?}"
            );
        }
    }

    /// The single `OR` the arms replaced: what a member may see.
    const VISIBLE_BEFORE: &str = "\
        SELECT id, kind, owner_id, branch_id, scope, revision, deleted, body, ref_id \
        FROM records \
        WHERE revision > $1 \
          AND ((scope = 'own' AND owner_id = $2) \
            OR (scope = 'branch' AND branch_id = $3 \
                AND ($5 OR kind NOT IN ('event_leave_decision', 'event_attendance'))) \
            OR id IN (SELECT record_id FROM record_readers WHERE member_id = $2) \
            OR ($5 AND kind IN ('talk', 'event_rsvp', 'event_check_in') AND branch_id = $3)) \
        ORDER BY revision LIMIT $4";

    /// On records of every kind, scope, owner and branch, with readers and later
    /// versions, the arms return exactly what the single `OR` did, for every kind of
    /// member, cursor and page size.
    #[tokio::test]
    async fn the_arms_return_what_the_single_or_did() {
        let (repo, _dir) = repo().await;
        let mut conn = repo.pool.acquire().await.unwrap();
        // The records name members and branches that are not there.
        sqlx::query("PRAGMA foreign_keys = OFF")
            .execute(&mut *conn)
            .await
            .unwrap();
        let kinds = [
            "study",
            "talk",
            "event",
            "event_rsvp",
            "event_check_in",
            "event_leave_decision",
            "event_attendance",
            "plan_item",
        ];
        let members = ["m0", "m1", "m2", "m3", "m4"];
        let branches = [Some("b0"), Some("b1"), None];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let count = 400;
        for i in 0..count {
            sqlx::query(
                "INSERT INTO records (id, kind, owner_id, branch_id, scope, revision, deleted, \
                 body, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 0, '{}', 0, 0)",
            )
            .bind(format!("r{i}"))
            .bind(kinds[next(kinds.len())])
            .bind(members[next(members.len())])
            .bind(branches[next(branches.len())])
            .bind(["own", "branch"][next(2)])
            .bind(i as i64 + 1)
            .execute(&mut *conn)
            .await
            .unwrap();
            for _ in 0..next(3) {
                sqlx::query(
                    "INSERT INTO record_readers (record_id, member_id) VALUES ($1, $2) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(format!("r{i}"))
                .bind(members[next(members.len())])
                .execute(&mut *conn)
                .await
                .unwrap();
            }
        }
        // Later versions move records (and what their readers see) to the end.
        for (n, i) in (0..count).step_by(7).enumerate() {
            sqlx::query("UPDATE records SET revision = $1 WHERE id = $2")
                .bind((count + n + 1) as i64)
                .bind(format!("r{i}"))
                .execute(&mut *conn)
                .await
                .unwrap();
        }
        let mut compared = 0;
        for member in members {
            for branch in branches {
                for manages in [false, true] {
                    for since in [0i64, 150, 420] {
                        for limit in [1i64, 9, 1000] {
                            let mut rows = Vec::new();
                            for sql in [VISIBLE_BEFORE, PULL_SQL] {
                                let page: Vec<StoredRecord> = sqlx::query_as(sql)
                                    .bind(since)
                                    .bind(member)
                                    .bind(branch)
                                    .bind(limit)
                                    .bind(manages)
                                    .fetch_all(&mut *conn)
                                    .await
                                    .unwrap();
                                rows.push(
                                    page.into_iter()
                                        .map(|r| (r.id, r.revision))
                                        .collect::<Vec<_>>(),
                                );
                            }
                            assert_eq!(
                                rows[0], rows[1],
                                "{member} {branch:?} manages {manages} since {since} limit {limit}"
                            );
                            compared += rows[0].len();
                        }
                    }
                }
            }
        }
        assert!(compared > 1000, "{compared} rows compared");
    }
}
