//! The only place with SQL. Routes call `Repo` methods and never see a query.
//!
//! The SQL is written to run unchanged on PostgreSQL (`$n` placeholders, TEXT UUIDs,
//! INTEGER unix-millisecond timestamps, no SQLite-only functions), so adding that backend
//! means a second pool type and migration folder, not new routes.

mod audit;
mod login_failures;
mod members;
mod organisation;
mod sessions;
mod study;
mod sync;

pub use members::Member;
pub use organisation::{NewBranch, NewMember};
pub use sessions::{NewSession, Session};
pub use study::BranchMember;
pub use sync::{RecordWrite, Scope, StoredRecord, SyncTx};

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Repo {
    pool: SqlitePool,
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
            .connect_with(options)
            .await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        Ok(Self { pool })
    }

    pub async fn ping(&self) -> sqlx::Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(drop)
    }

    /// Lets queued writes finish and checkpoints the WAL before the process exits.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
