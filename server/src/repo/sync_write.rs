//! The sync writer's transaction, in two round trips to the database thread whatever the
//! batch: one that opens it and reads what the batch needs, one that writes everything
//! and commits.
//!
//! Why not a `sqlx::Transaction` with a statement per step: the SQLite driver runs each
//! statement on its connection's own thread, and each hand-over (and the acknowledged
//! hand-overs of BEGIN and COMMIT) costs two thread switches. Measured under load
//! (`cargo xtask bench`), those switches were most of a push's time, not SQLite's work.
//! So the statements of each phase go as one multi-statement query, which the SQLite
//! driver runs in order on its thread, binding the values statement by statement.
//! (The driver notes that it may drop multi-statement queries in a future version; the
//! sync tests and `cargo xtask fault` would catch that at once.)
//!
//! Because BEGIN and COMMIT are our own statements here, `SyncTx` rolls back itself on
//! every path that does not commit, before the next push may use the connection.

use super::{Replaced, Repo, StoredRecord};
use futures_util::TryStreamExt;
use sqlx::{Either, Executor, FromRow, QueryBuilder, Row, Sqlite, SqliteConnection};
use tokio::sync::OwnedMutexGuard;

/// What a push reads under the write lock.
pub struct SyncRead {
    /// The last revision handed out.
    pub revision: i64,
    /// Earlier answers to the asked operations: `(member_id, op_id, outcome JSON)`.
    pub known: Vec<(String, String, String)>,
    /// The current versions of those of the asked record ids that exist.
    pub records: Vec<StoredRecord>,
}

/// What a push writes and commits.
pub struct SyncWrites<'a> {
    /// New current versions, each record at most once.
    pub records: &'a [StoredRecord],
    /// The versions they replaced.
    pub replaced: &'a [Replaced],
    /// The first answer to each new operation: `(member_id, op_id, outcome JSON)`.
    pub outcomes: &'a [(String, String, String)],
    /// Readers to add: `(record_id, member_id)` (existing ones are kept).
    pub readers: &'a [(String, String)],
    /// The last revision now handed out.
    pub revision: i64,
    pub at: i64,
}

/// An open push transaction on the writer connection; `None` once it has ended.
pub struct SyncTx {
    conn: Option<OwnedMutexGuard<Option<SqliteConnection>>>,
}

impl Repo {
    /// Queues for the writer, opens an `IMMEDIATE` transaction (SQLite's write lock at
    /// once, so revisions are handed out in commit order and a pull cursor never skips a
    /// late commit) and reads the earlier answers to `asked` (per member, op ids), the
    /// records `ids` that exist and the records answering one of `refs`.
    pub async fn begin_sync(
        &self,
        asked: &[(&str, Vec<&str>)],
        ids: &[&str],
        refs: &[&str],
    ) -> sqlx::Result<(SyncTx, SyncRead)> {
        let conn = self.sync_conn.clone().lock_owned().await;
        if conn.is_none() {
            return Err(sqlx::Error::PoolClosed);
        }
        let mut tx = SyncTx { conn: Some(conn) };
        let mut q = QueryBuilder::new(
            "BEGIN IMMEDIATE; SELECT revision FROM sync_counter WHERE id = 1; \
             SELECT member_id, op_id, outcome FROM sync_ops WHERE ",
        );
        if asked.is_empty() {
            q.push("0");
        }
        for (i, (member, op_ids)) in asked.iter().enumerate() {
            if i > 0 {
                q.push(" OR ");
            }
            // One search of the primary key per member (SQLite answers an OR of indexed
            // terms as a union of index searches).
            q.push("(member_id = ")
                .push_bind(*member)
                .push(" AND op_id IN ");
            in_list(&mut q, op_ids);
            q.push(")");
        }
        q.push(
            "; SELECT id, kind, owner_id, branch_id, scope, revision, deleted, body, ref_id FROM records \
             WHERE id IN ",
        );
        in_list(&mut q, ids);
        if !refs.is_empty() {
            q.push(" OR ref_id IN ");
            in_list(&mut q, refs);
        }

        let mut read = SyncRead {
            revision: 0,
            known: Vec::new(),
            records: Vec::new(),
        };
        let result: sqlx::Result<()> = async {
            let mut results = tx.conn().fetch_many(q.build());
            // Each statement's rows, then its summary (`Left`): count the summaries to
            // know which statement a row belongs to.
            let mut statement = 0;
            while let Some(item) = results.try_next().await? {
                match item {
                    Either::Left(_) => statement += 1,
                    Either::Right(row) => match statement {
                        1 => read.revision = row.try_get(0)?,
                        2 => read
                            .known
                            .push((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?)),
                        3 => read.records.push(StoredRecord::from_row(&row)?),
                        _ => {}
                    },
                }
            }
            Ok(())
        }
        .await;
        match result {
            Ok(()) => Ok((tx, read)),
            Err(e) => {
                tx.rollback().await;
                Err(e)
            }
        }
    }
}

impl SyncTx {
    fn conn(&mut self) -> &mut SqliteConnection {
        self.conn
            .as_mut()
            .and_then(|c| c.as_mut())
            .expect("a SyncTx holds its open connection until it ends")
    }

    /// Writes everything and commits, or rolls back.
    pub async fn commit(mut self, w: SyncWrites<'_>) -> sqlx::Result<()> {
        let mut q = QueryBuilder::new("");
        if !w.records.is_empty() {
            q.push(
                "INSERT INTO records (id, kind, owner_id, branch_id, scope, revision, deleted, \
                 body, ref_id, created_at, updated_at) ",
            );
            q.push_values(w.records, |mut v, r| {
                v.push_bind(&r.id)
                    .push_bind(&r.kind)
                    .push_bind(&r.owner_id)
                    .push_bind(&r.branch_id)
                    .push_bind(&r.scope)
                    .push_bind(r.revision)
                    .push_bind(r.deleted)
                    .push_bind(&r.body)
                    .push_bind(&r.ref_id)
                    .push_bind(w.at)
                    .push_bind(w.at);
            });
            q.push(
                " ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, \
                 owner_id = excluded.owner_id, deleted = excluded.deleted, body = excluded.body, \
                 ref_id = excluded.ref_id, updated_at = excluded.updated_at; ",
            );
        }
        if !w.replaced.is_empty() {
            q.push(
                "INSERT INTO record_history (record_id, revision, owner_id, deleted, body, \
                 replaced_at, replaced_by_op, conflict) ",
            );
            q.push_values(w.replaced, |mut v, r| {
                v.push_bind(&r.old.id)
                    .push_bind(r.old.revision)
                    .push_bind(&r.old.owner_id)
                    .push_bind(r.old.deleted)
                    .push_bind(&r.old.body)
                    .push_bind(w.at)
                    .push_bind(&r.replaced_by_op)
                    .push_bind(r.conflict);
            });
            q.push("; ");
        }
        if !w.readers.is_empty() {
            q.push("INSERT INTO record_readers (record_id, member_id) ");
            q.push_values(w.readers, |mut v, (record, member)| {
                v.push_bind(record).push_bind(member);
            });
            q.push(" ON CONFLICT DO NOTHING; ");
        }
        if !w.outcomes.is_empty() {
            q.push("INSERT INTO sync_ops (member_id, op_id, outcome, at) ");
            q.push_values(w.outcomes, |mut v, (member_id, op_id, outcome)| {
                v.push_bind(member_id)
                    .push_bind(op_id)
                    .push_bind(outcome)
                    .push_bind(w.at);
            });
            q.push("; ");
        }
        q.push("UPDATE sync_counter SET revision = ")
            .push_bind(w.revision)
            .push(" WHERE id = 1; COMMIT");
        match self.conn().execute(q.build()).await {
            Ok(_) => {
                // Committed: the connection is clean; the next push may take it.
                self.conn.take();
                Ok(())
            }
            Err(e) => {
                self.rollback().await;
                Err(e)
            }
        }
    }

    /// Ends the transaction without writing (if it is still open).
    pub async fn rollback(mut self) {
        if let Some(conn) = self.conn.take() {
            rollback(conn).await;
        }
    }
}

impl Drop for SyncTx {
    /// Dropped open (an error between reading and committing): roll back before the
    /// connection and the writer lock are free for the next push.
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            tokio::spawn(rollback(conn));
        }
    }
}

async fn rollback(mut conn: OwnedMutexGuard<Option<SqliteConnection>>) {
    let Some(conn) = conn.as_mut() else { return };
    // Fails harmlessly when a failed statement already ended the transaction.
    if let Err(e) = conn.execute(sqlx::raw_sql("ROLLBACK")).await {
        tracing::debug!(error = %e, "sync rollback");
    }
}

/// `(…, …)` binding each value, `(NULL)` for none. Built with `QueryBuilder`, which writes
/// the database's own placeholders (`?` here; `$n` on PostgreSQL): SQLite looks numbered
/// parameters up by a linear scan, which made binding a big statement quadratic.
fn in_list<'a>(q: &mut QueryBuilder<'a, Sqlite>, values: &[&'a str]) {
    if values.is_empty() {
        q.push("(NULL)");
        return;
    }
    let mut list = q.separated(", ");
    list.push_unseparated("(");
    for v in values {
        list.push_bind(*v);
    }
    list.push_unseparated(")");
}
