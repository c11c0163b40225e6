//! What talk records need beyond the sync store: which branch the named members are in.

use super::Repo;
use sqlx::QueryBuilder;

impl Repo {
    /// `(member id, branch id)` of those of `ids` that exist.
    pub async fn member_branches(
        &self,
        ids: &[String],
    ) -> sqlx::Result<Vec<(String, Option<String>)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = QueryBuilder::new("SELECT id, branch_id FROM members WHERE id IN (");
        let mut list = q.separated(", ");
        for id in ids {
            list.push_bind(id);
        }
        // A member who left is no longer anyone's counterpart.
        q.push(") AND status = 'active'");
        q.build_query_as().fetch_all(&self.pool).await
    }
}
