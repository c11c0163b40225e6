//! The only place with SQL. Routes call `Repo` methods and never see a query.
//!
//! The SQL is written to run unchanged on PostgreSQL (`$n` placeholders, TEXT UUIDs,
//! INTEGER unix-millisecond timestamps, no SQLite-only functions), so adding that backend
//! means a second pool type and migration folder, not new routes. The sync writer's
//! connection (`sync_write.rs`) is SQLite's own.

mod activation;
mod audit;
mod branch_settings;
mod events;
mod login_failures;
mod members;
mod org;
mod org_members;
mod organisation;
mod party_groups;
mod roster;
mod sessions;
mod study;
mod sync;
mod sync_write;
mod talks;

pub use activation::{CodeCheck, NewAccount, PendingMember};
pub use audit::{Actor, AuditFilter};
pub use events::{FeedOwner, JoinedMember};
pub use members::Member;
pub use org_members::{MemberSearch, NewRosterMember, PersonRow};
pub use organisation::{NewBranch, NewMember};
pub use sessions::{DeviceRow, NewSession, Session};
pub use study::BranchMember;
pub use sync::{Replaced, Scope, StoredRecord};
pub use sync_write::{SyncRead, SyncTx, SyncWrites, WalSync};

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

/// Why an organisation change was not made: the database failed, or the request does
/// not fit what is stored (a member of another branch, a login that is taken …).
#[derive(Debug)]
pub enum RepoError {
    Db(sqlx::Error),
    /// Nothing the caller may see has that id.
    NotFound,
    /// A field that does not fit what is stored.
    Field(zhibu_model::FieldError),
}

impl From<sqlx::Error> for RepoError {
    fn from(e: sqlx::Error) -> Self {
        Self::Db(e)
    }
}

impl RepoError {
    pub fn field(field: &str, code: zhibu_model::ErrorCode) -> Self {
        Self::Field(zhibu_model::FieldError::new(field, code))
    }
}

impl From<RepoError> for crate::AppError {
    fn from(e: RepoError) -> Self {
        match e {
            RepoError::Db(e) => e.into(),
            RepoError::NotFound => crate::AppError::not_found(),
            RepoError::Field(e) => e.into(),
        }
    }
}

pub type RepoResult<T> = Result<T, RepoError>;

#[derive(Clone, Debug)]
pub struct Repo {
    pool: SqlitePool,
    /// The one connection sync pushes write through, from the writer thread (see
    /// `sync_write.rs`). Always the same connection, so its page cache stays warm (SQLite
    /// drops a connection's cache whenever another one wrote), with a larger cache for
    /// the indexes every push walks.
    sync_conn: sync_write::SyncConnection,
    /// Told after each sync commit; the checkpointer copies the WAL into the database
    /// file on another connection (see [`checkpointer`]).
    wal_grew: std::sync::Arc<tokio::sync::Notify>,
    /// Set by the checkpointer after each checkpoint; the sync writer then checkpoints the
    /// little that was committed meanwhile (see `sync_write.rs`, `catch_up`).
    checkpointed: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// The database file's path (its WAL is beside it, see [`WalSync`]).
    file: std::sync::Arc<std::path::Path>,
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
            .busy_timeout(Duration::from_secs(5))
            // The WAL file shrinks back to this when it starts over after a burst.
            .pragma("journal_size_limit", WAL_SIZE_LIMIT.to_string());
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
        let sync_conn = sync_write::open(file)?;
        let file = std::sync::Arc::from(file);
        let wal_grew = std::sync::Arc::new(tokio::sync::Notify::new());
        let checkpointed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        tokio::spawn(checkpointer(
            pool.clone(),
            wal_grew.clone(),
            checkpointed.clone(),
        ));
        Ok(Self {
            pool,
            sync_conn,
            wal_grew,
            checkpointed,
            file,
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
        // Waits for the push group in progress, if any; the connection closes as it drops.
        let sync_conn = self.sync_conn.clone();
        let closed = tokio::task::spawn_blocking(move || {
            drop(
                sync_conn
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .take(),
            )
        })
        .await;
        if let Err(e) = closed {
            tracing::warn!(error = %e, "closing the sync connection");
        }
        self.pool.close().await;
        // The checkpointer finds the pool closed and ends.
        self.wal_grew.notify_one();
    }
}

/// At most this often, the WAL is copied into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// After this long without a sync commit, the WAL file is emptied (`TRUNCATE`).
const IDLE_TRUNCATE_AFTER: Duration = Duration::from_secs(1);

/// `journal_size_limit` on every connection: when the WAL starts over, SQLite truncates
/// a longer file to this (it never shrinks otherwise).
pub(crate) const WAL_SIZE_LIMIT: u64 = 64 << 20;

/// Copies the sync writer's commits from the WAL into the database file, on a connection
/// of its own. A commit that checkpoints itself (SQLite's default, every 1,000 pages)
/// reads the WAL back, writes the file and fsyncs it while every queued push waits; a
/// PASSIVE checkpoint here does the same work beside the writer, on the other core,
/// and never blocks it (measured: sync pushes +15 % ops/s in interleaved runs of
/// `cargo xtask bench`). It ends when the pool is closed.
///
/// Under steady pushes this alone never catches up with the writer, and SQLite only
/// starts the WAL over once all of it is in the file: the WAL grew without end (600 MB
/// in 3 s of the bench) and every commit wrote into new blocks of it, which the file
/// system zeroes first (a third of the writer's time). So after each checkpoint here the
/// writer checkpoints the little committed meanwhile, before its next transaction
/// (`sync_write.rs`, `catch_up`), and that transaction starts the WAL over.
///
/// Once pushes stop for `IDLE_TRUNCATE_AFTER`, a `TRUNCATE` checkpoint empties the WAL
/// file, so the disk gets back what a burst took (waiting, as writers would, for the
/// pulls reading it; a pull is one short statement).
async fn checkpointer(
    pool: SqlitePool,
    wal_grew: std::sync::Arc<tokio::sync::Notify>,
    checkpointed: std::sync::Arc<std::sync::atomic::AtomicBool>,
) {
    let mut since_truncate = false;
    loop {
        if tokio::time::timeout(IDLE_TRUNCATE_AFTER, wal_grew.notified())
            .await
            .is_err()
        {
            if since_truncate
                && !pool.is_closed()
                && let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(&pool)
                    .await
            {
                tracing::debug!(error = %e, "WAL truncate");
            }
            wal_grew.notified().await;
        }
        if pool.is_closed() {
            return;
        }
        since_truncate = true;
        match sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&pool)
            .await
        {
            Ok(_) => checkpointed.store(true, std::sync::atomic::Ordering::Release),
            Err(e) => tracing::debug!(error = %e, "WAL checkpoint"),
        }
        // Commits meanwhile leave one wake-up behind: one more checkpoint after this.
        tokio::time::sleep(CHECKPOINT_EVERY).await;
    }
}
