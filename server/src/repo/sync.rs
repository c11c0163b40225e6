//! The sync store: records with revisions, their history, and the answers already given.
//! A push runs inside one [`SyncTx`], so a batch is applied whole or not at all.

use super::Repo;
use sqlx::{FromRow, Sqlite, Transaction};

/// Who may see a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Only its owner.
    Own,
    /// Every member of its branch.
    Branch,
}

impl Scope {
    fn as_str(self) -> &'static str {
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

/// A record version to write.
pub struct RecordWrite<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub owner_id: &'a str,
    pub branch_id: Option<&'a str>,
    pub scope: Scope,
    pub revision: i64,
    /// `None` writes a tombstone.
    pub body: Option<&'a str>,
}

pub struct SyncTx {
    tx: Transaction<'static, Sqlite>,
}

impl Repo {
    /// Starts a push. `IMMEDIATE` takes SQLite's write lock at once, so two pushes queue
    /// (busy_timeout) instead of one failing when it upgrades from reading to writing.
    pub async fn begin_sync(&self) -> sqlx::Result<SyncTx> {
        Ok(SyncTx {
            tx: self.pool.begin_with("BEGIN IMMEDIATE").await?,
        })
    }

    /// Rows above `since` that a member may see: their own, and their branch's shared ones.
    pub async fn records_since(
        &self,
        member_id: &str,
        branch_id: Option<&str>,
        since: i64,
        limit: i64,
    ) -> sqlx::Result<Vec<StoredRecord>> {
        sqlx::query_as(
            "SELECT id, kind, owner_id, branch_id, scope, revision, deleted, body FROM records \
             WHERE revision > $1 \
               AND ((scope = 'own' AND owner_id = $2) OR (scope = 'branch' AND branch_id = $3)) \
             ORDER BY revision LIMIT $4",
        )
        .bind(since)
        .bind(member_id)
        .bind(branch_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
    }

    /// Live records of one kind owned by the members of a branch (for a secretary's
    /// overview), with the owner's id.
    pub async fn branch_records_of_kind(
        &self,
        branch_id: &str,
        kind: &str,
    ) -> sqlx::Result<Vec<StoredRecord>> {
        sqlx::query_as(
            "SELECT r.id, r.kind, r.owner_id, r.branch_id, r.scope, r.revision, r.deleted, r.body \
             FROM records r JOIN members m ON m.id = r.owner_id \
             WHERE r.kind = $1 AND m.branch_id = $2 AND r.deleted = 0 ORDER BY r.revision",
        )
        .bind(kind)
        .bind(branch_id)
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

impl SyncTx {
    /// Hands out `n` new revisions and returns the first. Done first in the transaction:
    /// it takes the write lock that orders all writers.
    pub async fn reserve_revisions(&mut self, n: i64) -> sqlx::Result<i64> {
        let (last,): (i64,) = sqlx::query_as(
            "UPDATE sync_counter SET revision = revision + $1 WHERE id = 1 RETURNING revision",
        )
        .bind(n)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(last - n + 1)
    }

    /// The answer given the first time this member sent this operation, if any.
    pub async fn first_outcome(
        &mut self,
        member_id: &str,
        op_id: &str,
    ) -> sqlx::Result<Option<String>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT outcome FROM sync_ops WHERE member_id = $1 AND op_id = $2")
                .bind(member_id)
                .bind(op_id)
                .fetch_optional(&mut *self.tx)
                .await?;
        Ok(row.map(|(o,)| o))
    }

    pub async fn remember_outcome(
        &mut self,
        member_id: &str,
        op_id: &str,
        outcome: &str,
        at: i64,
    ) -> sqlx::Result<()> {
        sqlx::query("INSERT INTO sync_ops (member_id, op_id, outcome, at) VALUES ($1, $2, $3, $4)")
            .bind(member_id)
            .bind(op_id)
            .bind(outcome)
            .bind(at)
            .execute(&mut *self.tx)
            .await
            .map(drop)
    }

    pub async fn record(&mut self, id: &str) -> sqlx::Result<Option<StoredRecord>> {
        sqlx::query_as(
            "SELECT id, kind, owner_id, branch_id, scope, revision, deleted, body FROM records WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *self.tx)
        .await
    }

    /// Keeps the version a write is about to replace.
    pub async fn keep_history(
        &mut self,
        old: &StoredRecord,
        replaced_by_op: &str,
        conflict: bool,
        at: i64,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO record_history \
             (record_id, revision, owner_id, deleted, body, replaced_at, replaced_by_op, conflict) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&old.id)
        .bind(old.revision)
        .bind(&old.owner_id)
        .bind(old.deleted)
        .bind(&old.body)
        .bind(at)
        .bind(replaced_by_op)
        .bind(conflict)
        .execute(&mut *self.tx)
        .await
        .map(drop)
    }

    /// Inserts or replaces a record's current version.
    pub async fn write_record(&mut self, w: &RecordWrite<'_>, at: i64) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO records (id, kind, owner_id, branch_id, scope, revision, deleted, body, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) \
             ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, \
                 owner_id = excluded.owner_id, deleted = excluded.deleted, body = excluded.body, \
                 updated_at = excluded.updated_at",
        )
        .bind(w.id)
        .bind(w.kind)
        .bind(w.owner_id)
        .bind(w.branch_id)
        .bind(w.scope.as_str())
        .bind(w.revision)
        .bind(w.body.is_none())
        .bind(w.body)
        .bind(at)
        .execute(&mut *self.tx)
        .await
        .map(drop)
    }

    pub async fn commit(self) -> sqlx::Result<()> {
        self.tx.commit().await
    }
}
