//! 党小组: which group each member of a branch is in, changed by its managers with an
//! audit entry (before and after). A name that no open group of the branch has yet
//! makes the group (the roster's way of naming groups before they were rows).

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
        actor: &super::Actor,
        now: i64,
    ) -> sqlx::Result<bool> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let before: Option<(Option<String>,)> = sqlx::query_as(
            "SELECT g.name FROM members m LEFT JOIN party_groups g ON g.id = m.party_group_id \
             WHERE m.id = $1 AND m.branch_id = $2 AND m.role <> 'admin' AND m.status = 'active'",
        )
        .bind(member.to_string())
        .bind(branch.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((before,)) = before else {
            return Ok(false);
        };
        let after = group.map(PartyGroup::as_str);
        let group_id = match after {
            None => None,
            Some(name) => {
                let found: Option<(String,)> = sqlx::query_as(
                    "SELECT id FROM party_groups \
                     WHERE branch_id = $1 AND name = $2 AND closed_at IS NULL",
                )
                .bind(branch.to_string())
                .bind(name)
                .fetch_optional(&mut *tx)
                .await?;
                match found {
                    Some((id,)) => Some(id),
                    None => {
                        let made = super::org::insert_group(
                            &mut tx,
                            zhibu_model::ids::PartyGroupId::new(),
                            branch,
                            name,
                            now,
                        )
                        .await
                        .map_err(|e| match e {
                            super::RepoError::Db(e) => e,
                            other => sqlx::Error::Protocol(format!("{other:?}")),
                        })?;
                        Some(made.to_string())
                    }
                }
            }
        };
        sqlx::query("UPDATE members SET party_group_id = $1, updated_at = $3 WHERE id = $2")
            .bind(group_id)
            .bind(member.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let detail = json!({
            "branch_id": branch,
            "member_id": member,
            "before": before,
            "after": after,
        });
        let subject = member.to_string();
        audit::record(
            &mut *tx,
            now,
            actor,
            "party_group_changed",
            Some(&subject),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}
