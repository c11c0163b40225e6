//! The append-only audit log (the schema refuses updates and deletes).

use super::Repo;
use zhibu_model::MemberId;

impl Repo {
    pub async fn audit(
        &self,
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
        .execute(&self.pool)
        .await
        .map(drop)
    }
}
