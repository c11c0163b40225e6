//! Failed logins, counted per key (`login:<name>`, `addr:<ip>`) in a sliding window. In
//! the database rather than in memory, so every server instance sees the same counts.

use super::Repo;

impl Repo {
    /// When the key's lock ends, if it has at least `max` failures after `since`: the
    /// `max`-th newest failure's time plus the window, given as that failure's `at`.
    pub async fn nth_newest_failure(
        &self,
        key: &str,
        since: i64,
        max: u32,
    ) -> sqlx::Result<Option<i64>> {
        let offset = i64::from(max.saturating_sub(1));
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT at FROM login_failures WHERE key = $1 AND at > $2 \
             ORDER BY at DESC LIMIT 1 OFFSET $3",
        )
        .bind(key)
        .bind(since)
        .bind(offset)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(at,)| at))
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
