//! Failed logins, counted per key (`login:<name>`, `addr:<ip>`) in a sliding window. In
//! the database rather than in memory, so every server instance sees the same counts.

use super::Repo;

impl Repo {
    /// How many failures the key has after `since`, and when the newest was.
    pub async fn failures_since(&self, key: &str, since: i64) -> sqlx::Result<(u32, Option<i64>)> {
        let (count, newest): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MAX(at) FROM login_failures WHERE key = $1 AND at > $2",
        )
        .bind(key)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok((u32::try_from(count).unwrap_or(u32::MAX), newest))
    }

    /// Takes back the failure counted under each key at `at` (an attempt that was right).
    /// Another attempt counted in the same millisecond under the same key goes too: rows
    /// have no id, and forgetting one failure too many is harmless.
    pub async fn forget_failure(&self, keys: &[&str], at: i64) -> sqlx::Result<()> {
        let mut tx = self.pool.begin().await?;
        for key in keys {
            sqlx::query("DELETE FROM login_failures WHERE key = $1 AND at = $2")
                .bind(*key)
                .bind(at)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await
    }

    /// Records one failure under each key and drops failures older than `prune_before`.
    pub async fn record_failure(
        &self,
        keys: &[&str],
        at: i64,
        prune_before: i64,
    ) -> sqlx::Result<()> {
        let mut tx = self.pool.begin().await?;
        for key in keys {
            sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
                .bind(*key)
                .bind(at)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM login_failures WHERE at <= $1")
            .bind(prune_before)
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }

    pub async fn clear_failures(&self, key: &str) -> sqlx::Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE key = $1")
            .bind(key)
            .execute(&self.pool)
            .await
            .map(drop)
    }
}
