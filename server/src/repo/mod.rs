//! The only place with SQL. Routes call `Repo` methods and never see a query.
//!
//! The SQL is written to run unchanged on PostgreSQL (`$n` placeholders, TEXT UUIDs,
//! INTEGER unix-millisecond timestamps, no SQLite-only functions), so adding that backend
//! means a second pool type and migration folder, not new routes.

mod audit;
mod branch_settings;
mod events;
mod login_failures;
mod members;
mod organisation;
mod party_groups;
mod sessions;
mod study;
mod sync;
mod sync_write;
mod talks;

pub use events::{FeedOwner, JoinedMember};
pub use members::Member;
pub use organisation::{NewBranch, NewMember};
pub use sessions::{NewSession, Session};
pub use study::BranchMember;
pub use sync::{Replaced, Scope, StoredRecord};
pub use sync_write::{SyncRead, SyncTx, SyncWrites};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, SqliteConnection, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Repo {
    pool: SqlitePool,
    /// The one connection sync pushes write through (`None` once closed). Always the same
    /// connection, so its page cache stays warm (SQLite drops a connection's cache
    /// whenever another one wrote), with a larger cache for the indexes every push walks.
    /// Not in a pool: sqlx pings a pooled connection each time it is given back, a round
    /// trip to its thread that every push group would wait for. Pushes queue for this
    /// lock before SQLite's write lock, in order, and never sleep in SQLite's busy handler
    /// (whose backoff stalls a loaded server for whole milliseconds per retry). Other
    /// writers still rely on busy_timeout.
    sync_conn: std::sync::Arc<tokio::sync::Mutex<Option<SqliteConnection>>>,
    /// Told after each sync commit; the checkpointer copies the WAL into the database
    /// file on another connection (see [`checkpointer`]).
    wal_grew: std::sync::Arc<tokio::sync::Notify>,
}

impl Repo {
    /// Opens the database (creating the file and its folder if missing) and brings its
    /// schema up to date.
    pub async fn connect(url: &str) -> Result<Self, crate::BoxError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // Safe with WAL (a power cut may lose the last commits, never corrupt the
            // file) and much faster than FULL.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // Writers queue for the lock rather than failing at once under load.
            .busy_timeout(Duration::from_secs(5));
        let file = options.get_filename();
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create the database folder {}: {e}", dir.display()))?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // A SQLite connection lives in this process and cannot go stale like a
            // network one: pinging it on every checkout is a wasted round trip to its
            // thread on every request.
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        let sync_conn = SqliteConnection::connect_with(
            &options
                .pragma("cache_size", "-32768")
                // A statement's undo journal (a big multi-row upsert has one) stays in
                // memory instead of a temp file made and deleted per statement.
                .pragma("temp_store", "memory")
                // Its commits never checkpoint: `checkpointer` does, beside it.
                .pragma("wal_autocheckpoint", "0"),
        )
        .await?;
        let wal_grew = std::sync::Arc::new(tokio::sync::Notify::new());
        tokio::spawn(checkpointer(pool.clone(), wal_grew.clone()));
        Ok(Self {
            pool,
            sync_conn: std::sync::Arc::new(tokio::sync::Mutex::new(Some(sync_conn))),
            wal_grew,
        })
    }

    /// After a sync commit: the WAL has grown.
    pub(crate) fn wal_grew(&self) {
        self.wal_grew.notify_one();
    }

    pub async fn ping(&self) -> sqlx::Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(drop)
    }

    /// Lets queued writes finish and checkpoints the WAL before the process exits.
    pub async fn close(&self) {
        // Waits for the push in progress, if any.
        if let Some(conn) = self.sync_conn.lock().await.take()
            && let Err(e) = conn.close().await
        {
            tracing::warn!(error = %e, "closing the sync connection");
        }
        self.pool.close().await;
        // The checkpointer finds the pool closed and ends.
        self.wal_grew.notify_one();
    }
}

/// At most this often, the WAL is copied into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// Copies the sync writer's commits from the WAL into the database file, on a connection
/// of its own. A commit that checkpoints itself (SQLite's default, every 1,000 pages)
/// reads the WAL back, writes the file and fsyncs it while every queued push waits; a
/// PASSIVE checkpoint here does the same work beside the writer, on the other core,
/// and never blocks it (measured: sync pushes +15 % ops/s in interleaved runs of
/// `cargo xtask bench`). It ends when the pool is closed.
async fn checkpointer(pool: SqlitePool, wal_grew: std::sync::Arc<tokio::sync::Notify>) {
    loop {
        wal_grew.notified().await;
        if pool.is_closed() {
            return;
        }
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&pool)
            .await
        {
            tracing::debug!(error = %e, "WAL checkpoint");
        }
        // Commits meanwhile leave one wake-up behind: one more checkpoint after this.
        tokio::time::sleep(CHECKPOINT_EVERY).await;
    }
}
