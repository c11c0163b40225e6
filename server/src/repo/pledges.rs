//! What the pledge endpoints read beyond the sync store's queries.

use super::{Repo, StoredRecord};

impl Repo {
    /// One record by id, whoever owns it: the caller checks who may read it.
    pub async fn record_by_id(&self, id: &str) -> sqlx::Result<Option<StoredRecord>> {
        sqlx::query_as(
            "SELECT id, kind, owner_id, branch_id, scope, revision, deleted, body, ref_id \
             FROM records WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
    }
}
