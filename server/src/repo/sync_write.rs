//! The sync writer's connection and transaction.
//!
//! Pushes are written by one thread (`sync::group`) through one connection of its own,
//! driven directly through SQLite's C API (rusqlite) with its statements prepared once
//! and kept. Why not sqlx here, as everywhere else: sqlx runs each statement on its
//! connection's own thread and the awaiting task on the runtime's, so every statement
//! and every row is a hand-over between threads, and the task waits its turn among the
//! HTTP requests before it takes the next step. Here the writer thread reads, applies
//! and commits a whole group without waiting on any other thread (measured with `cargo
//! xtask bench` in interleaved runs: 50–52k → 57–63k ops/s; a group's reads ~280 →
//! ~150 µs). This module is therefore SQLite's alone (`?` placeholders too); a
//! PostgreSQL backend would bring its own writer, with the same statements.
//!
//! A transaction ends on every path: `SyncTx` rolls back when dropped uncommitted.

use super::{Replaced, Repo, StoredRecord};
use rusqlite::{Connection, OpenFlags, OptionalExtension, ToSql, params, params_from_iter};
use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

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

/// The sync writer's connection, shared by the `Repo` clones; `None` once closed.
pub(super) type SyncConnection = Arc<Mutex<Option<Connection>>>;

/// Opens the sync writer's connection to the database file (already created and migrated
/// by the pool).
pub(super) fn open(file: &Path) -> rusqlite::Result<SyncConnection> {
    let conn = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // Pushes queue for the writer thread before SQLite's write lock, so only other
    // writers (sign-ins, administration) ever make this connection wait for it.
    conn.busy_timeout(WRITE_WAIT)?;
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
         PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY; \
         PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = {};",
        super::WAL_SIZE_LIMIT
    ))?;
    // Four inserts in seven sizes each, and the reads.
    conn.set_prepared_statement_cache_capacity(40);
    Ok(Arc::new(Mutex::new(Some(conn))))
}

/// How long the writer waits for SQLite's write lock.
const WRITE_WAIT: Duration = Duration::from_secs(5);

/// An open push transaction on the writer connection.
pub struct SyncTx<'a> {
    conn: MutexGuard<'a, Option<Connection>>,
    open: bool,
}

const RECORD_COLUMNS: &str =
    "SELECT id, kind, owner_id, branch_id, scope, revision, deleted, body, ref_id FROM records";

impl Repo {
    /// Opens an `IMMEDIATE` transaction on the sync writer's connection (SQLite's write
    /// lock at once, so revisions are handed out in commit order and a pull cursor never
    /// skips a late commit) and reads the earlier answers to `asked` (per member, op
    /// ids), the records `ids` that exist and the records answering one of `refs`.
    /// Blocking: called on the writer thread, never on the async runtime.
    pub fn begin_sync(
        &self,
        asked: &[(&str, Vec<&str>)],
        ids: &[&str],
        refs: &[&str],
    ) -> rusqlite::Result<(SyncTx<'_>, SyncRead)> {
        let guard = self
            .sync_conn
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let Some(conn) = guard.as_ref() else {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_MISUSE),
                Some("the sync connection is closed".into()),
            ));
        };
        if self
            .checkpointed
            .swap(false, std::sync::atomic::Ordering::Acquire)
        {
            catch_up(conn);
        }
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let tx = SyncTx {
            conn: guard,
            open: true,
        };
        let read = tx.read(asked, ids, refs)?;
        Ok((tx, read))
    }
}

impl SyncTx<'_> {
    fn conn(&self) -> &Connection {
        self.conn
            .as_ref()
            .expect("a SyncTx is only made on an open connection")
    }

    fn read(
        &self,
        asked: &[(&str, Vec<&str>)],
        ids: &[&str],
        refs: &[&str],
    ) -> rusqlite::Result<SyncRead> {
        let conn = self.conn();
        let revision = conn
            .prepare_cached("SELECT revision FROM sync_counter WHERE id = 1")?
            .query_row([], |row| row.get(0))?;
        let mut known = Vec::new();
        let mut answer = conn
            .prepare_cached("SELECT outcome FROM sync_ops WHERE member_id = $1 AND op_id = $2")?;
        for (member, op_ids) in asked {
            for op_id in op_ids {
                let outcome: Option<String> = answer
                    .query_row(params![member, op_id], |row| row.get(0))
                    .optional()?;
                if let Some(outcome) = outcome {
                    known.push((member.to_string(), op_id.to_string(), outcome));
                }
            }
        }
        let mut records = Vec::new();
        let mut seen = HashSet::new();
        let mut by_id = conn.prepare_cached(&format!("{RECORD_COLUMNS} WHERE id = $1"))?;
        for id in ids {
            if let Some(r) = by_id.query_row([id], record).optional()? {
                seen.insert(r.id.clone());
                records.push(r);
            }
        }
        let mut by_ref = conn.prepare_cached(&format!("{RECORD_COLUMNS} WHERE ref_id = $1"))?;
        for id in refs {
            for r in by_ref.query_map([id], record)? {
                let r = r?;
                if seen.insert(r.id.clone()) {
                    records.push(r);
                }
            }
        }
        Ok(SyncRead {
            revision,
            known,
            records,
        })
    }

    /// Writes everything and commits, or rolls back.
    pub fn commit(mut self, w: SyncWrites<'_>) -> rusqlite::Result<()> {
        self.write(&w)?;
        self.conn().execute_batch("COMMIT")?;
        self.open = false;
        Ok(())
    }

    fn write(&self, w: &SyncWrites<'_>) -> rusqlite::Result<()> {
        let conn = self.conn();
        insert_rows(
            conn,
            "INSERT INTO records (id, kind, owner_id, branch_id, scope, revision, deleted, \
             body, ref_id, created_at, updated_at)",
            " ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, \
             owner_id = excluded.owner_id, deleted = excluded.deleted, body = excluded.body, \
             ref_id = excluded.ref_id, updated_at = excluded.updated_at",
            w.records,
            |r| {
                [
                    &r.id as &dyn ToSql,
                    &r.kind,
                    &r.owner_id,
                    &r.branch_id,
                    &r.scope,
                    &r.revision,
                    &r.deleted,
                    &r.body,
                    &r.ref_id,
                    &w.at,
                    &w.at,
                ]
            },
        )?;
        insert_rows(
            conn,
            "INSERT INTO record_history (record_id, revision, owner_id, deleted, body, \
             replaced_at, replaced_by_op, conflict)",
            "",
            w.replaced,
            |r| {
                [
                    &r.old.id as &dyn ToSql,
                    &r.old.revision,
                    &r.old.owner_id,
                    &r.old.deleted,
                    &r.old.body,
                    &w.at,
                    &r.replaced_by_op,
                    &r.conflict,
                ]
            },
        )?;
        insert_rows(
            conn,
            "INSERT INTO record_readers (record_id, member_id)",
            " ON CONFLICT DO NOTHING",
            w.readers,
            |(record, member)| [record as &dyn ToSql, member],
        )?;
        insert_rows(
            conn,
            "INSERT INTO sync_ops (member_id, op_id, outcome, at)",
            "",
            w.outcomes,
            |(member, op_id, outcome)| [member as &dyn ToSql, op_id, outcome, &w.at],
        )?;
        conn.prepare_cached("UPDATE sync_counter SET revision = $1 WHERE id = 1")?
            .execute([w.revision])?;
        Ok(())
    }
}

/// Inserts `rows` with multi-row statements of 64, 32, …, 1 rows (prepared once each and
/// kept). Why not one row per statement: SQLite copies each page a statement changes
/// into its statement journal (an insert checked by foreign keys may have to undo
/// itself), so a statement per row copied the same index pages once per row, and made
/// a push group's writes 40 % slower than multi-row statements.
fn insert_rows<'r, T, const N: usize>(
    conn: &Connection,
    head: &str,
    tail: &str,
    rows: &'r [T],
    values: impl Fn(&'r T) -> [&'r dyn ToSql; N],
) -> rusqlite::Result<()> {
    let mut rest = rows;
    while !rest.is_empty() {
        let take = 1usize << rest.len().min(MAX_ROWS).ilog2();
        let (chunk, after) = rest.split_at(take);
        let row = format!("({})", vec!["?"; N].join(", "));
        let sql = format!("{head} VALUES {}{tail}", vec![row; take].join(", "));
        conn.prepare_cached(&sql)?
            .execute(params_from_iter(chunk.iter().flat_map(&values)))?;
        rest = after;
    }
    Ok(())
}

/// The most rows one insert statement takes (a power of two).
const MAX_ROWS: usize = 64;

impl Drop for SyncTx<'_> {
    /// Ended without committing (a refusal by the database, or an error between reading
    /// and committing): roll back before the next push may use the connection.
    fn drop(&mut self) {
        if self.open {
            // Fails harmlessly when a failed statement already ended the transaction.
            if let Err(e) = self.conn().execute_batch("ROLLBACK") {
                tracing::debug!(error = %e, "sync rollback");
            }
        }
    }
}

/// Makes the sync writer's commits durable before they are answered: one `fdatasync` of
/// the WAL file covers every commit that returned before it began. The writer commits
/// with `synchronous = NORMAL` (no sync in COMMIT) and hands its answers to another
/// thread, which syncs and then answers, while the writer goes on with the next group;
/// so the disk's wait is never on the writer's serial path, and one sync serves every
/// group committed meanwhile (docs/decisions/0002-durable-sync-commit.md). A commit
/// checkpointed meanwhile is durable in the database file: a checkpoint syncs the WAL
/// before copying it and the database after.
pub struct WalSync {
    path: std::path::PathBuf,
    file: Option<std::fs::File>,
}

impl Repo {
    pub fn wal_sync(&self) -> WalSync {
        let mut path = self.file.as_os_str().to_owned();
        path.push("-wal");
        WalSync {
            path: path.into(),
            file: None,
        }
    }
}

impl WalSync {
    /// Blocking: on the answering thread.
    pub fn sync(&mut self) -> std::io::Result<()> {
        let file = match &mut self.file {
            Some(file) => file,
            None => self.file.insert(
                std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .open(&self.path)?,
            ),
        };
        let synced = file.sync_data();
        if synced.is_err() {
            // Opened again next time, in case the file was replaced.
            self.file = None;
        }
        synced
    }
}

/// Checkpoints what was committed since the checkpointer's last checkpoint began, so
/// that the next transaction starts the WAL over (see `checkpointer` in `mod.rs`).
///
/// Pulls reading while this runs keep the WAL from starting over: a PASSIVE checkpoint
/// stops at the oldest snapshot still read, and SQLite starts the WAL over only when no
/// reader still reads from it. With phones pulling during steady pushes some pull nearly
/// always is, and the WAL grew without end (61 → 1,149 MiB in 20 s). So once it holds
/// `RESTART_AT` frames, a RESTART checkpoint waits (briefly: a pull is one statement)
/// for those readers to finish, and the next transaction starts the WAL over.
fn catch_up(conn: &Connection) {
    let frames = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
        row.get::<_, i64>(1)
    });
    match frames {
        Ok(frames) if frames >= RESTART_AT => restart(conn),
        Ok(_) => {}
        Err(e) => tracing::debug!(error = %e, "WAL catch-up checkpoint"),
    }
}

/// The WAL's length, in frames (pages), from which `catch_up` waits for readers to start
/// it over: 16 MiB of SQLite's default 4 KiB pages, well under `WAL_SIZE_LIMIT` with
/// what the pushes add until the next catch-up.
const RESTART_AT: i64 = 4096;

/// How long a RESTART checkpoint may keep the queued pushes waiting for readers before
/// it gives up until the next catch-up.
const RESTART_WAIT: Duration = Duration::from_millis(100);

fn restart(conn: &Connection) {
    let restarted = conn.busy_timeout(RESTART_WAIT).and_then(|()| {
        conn.query_row("PRAGMA wal_checkpoint(RESTART)", [], |row| {
            row.get::<_, i64>(0)
        })
    });
    if let Err(e) = conn.busy_timeout(WRITE_WAIT) {
        tracing::warn!(error = %e, "restoring the sync connection's busy timeout");
    }
    match restarted {
        Ok(0) => {}
        Ok(_) => tracing::debug!("WAL restart checkpoint: readers still busy"),
        Err(e) => tracing::warn!(error = %e, "WAL restart checkpoint"),
    }
}

fn record(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredRecord> {
    Ok(StoredRecord {
        id: row.get(0)?,
        kind: row.get(1)?,
        owner_id: row.get(2)?,
        branch_id: row.get(3)?,
        scope: row.get(4)?,
        revision: row.get(5)?,
        deleted: row.get(6)?,
        body: row.get(7)?,
        ref_id: row.get(8)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row lands once, in order, whatever the count's binary digits.
    #[test]
    fn insert_rows_writes_every_row_in_chunks_of_powers_of_two() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (n INTEGER NOT NULL, label TEXT NOT NULL)")
            .unwrap();
        for count in [0usize, 1, 2, 3, 63, 64, 65, 100, 130] {
            conn.execute("DELETE FROM t", []).unwrap();
            let rows: Vec<(i64, String)> =
                (0..count as i64).map(|n| (n, format!("r{n}"))).collect();
            insert_rows(
                &conn,
                "INSERT INTO t (n, label)",
                "",
                &rows,
                |(n, label)| [n as &dyn ToSql, label],
            )
            .unwrap();
            let stored: Vec<(i64, String)> = conn
                .prepare("SELECT n, label FROM t ORDER BY rowid")
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert_eq!(stored, rows, "{count} rows");
        }
    }
}
