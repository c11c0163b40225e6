//! A branch's settings of one area (study, activities), kept as one JSON value per branch
//! and changed together with an audit entry (before and after).

use super::{Repo, audit};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use zhibu_model::BranchId;

/// Where an area's settings live: `table (branch_id, <column>, updated_at)`. Only ever
/// these constants, so building the SQL from them is safe.
pub(super) struct Slot {
    pub table: &'static str,
    pub column: &'static str,
    /// The audit log's action for a change.
    pub action: &'static str,
}

fn corrupt(slot: &Slot, e: serde_json::Error) -> sqlx::Error {
    sqlx::Error::Decode(format!("{}.{}: invalid settings: {e}", slot.table, slot.column).into())
}

impl Repo {
    /// The branch's settings in `slot`; the defaults when it never changed them.
    pub(super) async fn branch_settings<T: DeserializeOwned + Default>(
        &self,
        slot: &Slot,
        branch: BranchId,
    ) -> sqlx::Result<T> {
        let sql = format!(
            "SELECT {} FROM {} WHERE branch_id = $1",
            slot.column, slot.table
        );
        let row: Option<(String,)> = sqlx::query_as(&sql)
            .bind(branch.to_string())
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some((json,)) => serde_json::from_str(&json).map_err(|e| corrupt(slot, e)),
            None => Ok(T::default()),
        }
    }

    /// Stores the branch's settings in `slot` with their audit entry, at once.
    pub(super) async fn set_branch_settings<T: Serialize + DeserializeOwned + Default>(
        &self,
        slot: &Slot,
        branch: BranchId,
        settings: &T,
        actor: &super::Actor,
        now: i64,
    ) -> sqlx::Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let select = format!(
            "SELECT {} FROM {} WHERE branch_id = $1",
            slot.column, slot.table
        );
        let before: Option<(String,)> = sqlx::query_as(&select)
            .bind(branch.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        let before: T = match before {
            Some((json,)) => serde_json::from_str(&json).map_err(|e| corrupt(slot, e))?,
            None => T::default(),
        };
        let body = serde_json::to_string(settings).map_err(|e| corrupt(slot, e))?;
        let upsert = format!(
            "INSERT INTO {table} (branch_id, {column}, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (branch_id) DO UPDATE SET {column} = excluded.{column}, \
                 updated_at = excluded.updated_at",
            table = slot.table,
            column = slot.column,
        );
        sqlx::query(&upsert)
            .bind(branch.to_string())
            .bind(&body)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let detail = json!({"branch_id": branch, "before": before, "after": settings});
        let subject = branch.to_string();
        audit::record(&mut *tx, now, actor, slot.action, Some(&subject), &detail).await?;
        tx.commit().await
    }
}
