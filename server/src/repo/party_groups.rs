//! 党小组: which group each member of a branch is in, changed by its managers with an
//! audit entry (before and after).

use super::{Repo, audit};
use serde_json::json;
use zhibu_model::party_group::PartyGroup;
use zhibu_model::{BranchId, MemberId};

impl Repo {
    /// Puts `member` of `branch` in `group` (`None`: no group). `false` when the member
    /// is not one of the branch's (another branch's member is as unknown as a missing one).
    pub async fn set_party_group(
        &self,
        branch: BranchId,
        member: MemberId,
        group: Option<&PartyGroup>,
        actor: MemberId,
        now: i64,
    ) -> sqlx::Result<bool> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let before: Option<(Option<String>,)> = sqlx::query_as(
            "SELECT party_group FROM members \
             WHERE id = $1 AND branch_id = $2 AND role <> 'admin'",
        )
        .bind(member.to_string())
        .bind(branch.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((before,)) = before else {
            return Ok(false);
        };
        let after = group.map(PartyGroup::as_str);
        sqlx::query("UPDATE members SET party_group = $1 WHERE id = $2")
            .bind(after)
            .bind(member.to_string())
            .execute(&mut *tx)
            .await?;
        let detail = json!({
            "branch_id": branch,
            "member_id": member,
            "before": before,
            "after": after,
        });
        audit::insert(&mut *tx, now, Some(actor), "party_group_changed", &detail).await?;
        tx.commit().await?;
        Ok(true)
    }
}
