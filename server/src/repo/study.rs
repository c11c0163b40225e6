//! A branch's study settings, members' target waivers, and what the secretary's overview
//! reads. Every settings or waiver change is written together with its audit entry.

use super::branch_settings::Slot;
use super::{Repo, StoredRecord, audit};
use serde_json::json;
use sqlx::FromRow;
use zhibu_model::rules::StudySettings;
use zhibu_model::{BranchId, MemberId};

/// A member of a branch as the overview lists them.
#[derive(Clone, Debug, FromRow)]
pub struct BranchMember {
    pub id: String,
    pub login: String,
    pub display_name: String,
    pub role: String,
    pub study_waived: bool,
}

const STUDY: Slot = Slot {
    table: "branch_settings",
    column: "study",
    action: "study_settings_changed",
};

impl Repo {
    /// The branch's study settings; the defaults when it never changed them.
    pub async fn study_settings(&self, branch: BranchId) -> sqlx::Result<StudySettings> {
        self.branch_settings(&STUDY, branch).await
    }

    /// Stores the branch's study settings and audits the change.
    pub async fn set_study_settings(
        &self,
        branch: BranchId,
        settings: &StudySettings,
        actor: &super::Actor,
        now: i64,
    ) -> sqlx::Result<()> {
        self.set_branch_settings(&STUDY, branch, settings, actor, now)
            .await
    }

    pub async fn study_waived(&self, member: MemberId) -> sqlx::Result<bool> {
        let row: Option<(bool,)> = sqlx::query_as("SELECT study_waived FROM members WHERE id = $1")
            .bind(member.to_string())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some_and(|(w,)| w))
    }

    /// Sets a member's waiver if they are in `branch`, and audits it; `false` when no such
    /// member is in that branch (nothing is changed then).
    pub async fn set_study_waiver(
        &self,
        branch: BranchId,
        member: MemberId,
        waived: bool,
        actor: &super::Actor,
        now: i64,
    ) -> sqlx::Result<bool> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let before: Option<(bool,)> = sqlx::query_as(
            "SELECT study_waived FROM members WHERE id = $1 AND branch_id = $2 AND role <> 'admin'",
        )
        .bind(member.to_string())
        .bind(branch.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((before,)) = before else {
            return Ok(false);
        };
        sqlx::query("UPDATE members SET study_waived = $2, updated_at = $3 WHERE id = $1")
            .bind(member.to_string())
            .bind(waived)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let detail =
            json!({"member_id": member, "branch_id": branch, "before": before, "after": waived});
        let subject = member.to_string();
        audit::record(
            &mut *tx,
            now,
            actor,
            "study_waiver_changed",
            Some(&subject),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// These members (any status, any branch now), by name in pinyin order.
    pub async fn members_by_ids(&self, ids: &[String]) -> sqlx::Result<Vec<BranchMember>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = sqlx::QueryBuilder::new(
            "SELECT id, login, display_name, role, study_waived FROM members WHERE id IN (",
        );
        let mut list = q.separated(", ");
        for id in ids {
            list.push_bind(id);
        }
        q.push(")");
        let mut members: Vec<BranchMember> = q.build_query_as().fetch_all(&self.pool).await?;
        crate::name_order::sort_by_name(&mut members, |m| &m.display_name);
        Ok(members)
    }

    /// Live records of one kind owned by these members, wherever they were written: a
    /// member's own records follow them from branch to branch.
    pub async fn owners_records(
        &self,
        kind: &str,
        owners: &[String],
    ) -> sqlx::Result<Vec<StoredRecord>> {
        if owners.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = sqlx::QueryBuilder::new(
            "SELECT id, kind, owner_id, branch_id, scope, revision, deleted, body, ref_id \
             FROM records WHERE deleted = 0 AND scope = 'own' AND kind = ",
        );
        q.push_bind(kind);
        q.push(" AND owner_id IN (");
        let mut list = q.separated(", ");
        for id in owners {
            list.push_bind(id);
        }
        q.push(") ORDER BY revision");
        q.build_query_as().fetch_all(&self.pool).await
    }

    /// Live records of one kind the branch shares (published for it), whoever published
    /// them and wherever they are now.
    pub async fn branch_shared_records(
        &self,
        branch: BranchId,
        kind: &str,
    ) -> sqlx::Result<Vec<StoredRecord>> {
        sqlx::query_as(
            "SELECT id, kind, owner_id, branch_id, scope, revision, deleted, body, ref_id FROM records \
             WHERE kind = $2 AND scope = 'branch' AND branch_id = $1 AND deleted = 0",
        )
        .bind(branch.to_string())
        .bind(kind)
        .fetch_all(&self.pool)
        .await
    }

    /// Live plan items of the branch's study plan.
    pub async fn live_plan_items(&self, branch: BranchId) -> sqlx::Result<Vec<StoredRecord>> {
        sqlx::query_as(
            "SELECT id, kind, owner_id, branch_id, scope, revision, deleted, body, ref_id FROM records \
             WHERE kind = 'plan_item' AND scope = 'branch' AND branch_id = $1 AND deleted = 0",
        )
        .bind(branch.to_string())
        .fetch_all(&self.pool)
        .await
    }
}
