//! The append-only audit log (the schema refuses updates and deletes).

use super::Repo;
use sqlx::SqliteExecutor;
use zhibu_model::MemberId;

/// Appends one entry, on the pool or inside the transaction of the change it records.
pub(super) async fn insert<'e>(
    db: impl SqliteExecutor<'e>,
    at: i64,
    actor: Option<MemberId>,
    action: &str,
    detail: &serde_json::Value,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor_id, action, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(at)
    .bind(actor.map(|a| a.to_string()))
    .bind(action)
    .bind(detail.to_string())
    .execute(db)
    .await
    .map(drop)
}

impl Repo {
    pub async fn audit(
        &self,
        at: i64,
        actor: Option<MemberId>,
        action: &str,
        detail: &serde_json::Value,
    ) -> sqlx::Result<()> {
        insert(&self.pool, at, actor, action, detail).await
    }
}
