//! Branches and the accounts in them.

use super::Repo;
use zhibu_model::{BranchId, MemberId, Role};

#[derive(Clone, Debug)]
pub struct NewBranch {
    pub id: BranchId,
    pub name: String,
}

#[derive(Clone, Debug)]
pub struct NewMember {
    pub id: MemberId,
    pub login: String,
    pub display_name: String,
    pub branch_id: Option<BranchId>,
    pub role: Role,
    pub joined_party_on: Option<chrono::NaiveDate>,
    pub password_hash: String,
}

impl Repo {
    pub async fn branch_count(&self) -> sqlx::Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM branches")
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }

    /// Creates branches and their accounts in one transaction: all or nothing.
    pub async fn create_organisation(
        &self,
        branches: &[NewBranch],
        members: &[NewMember],
        now: i64,
    ) -> sqlx::Result<()> {
        let mut tx = self.pool.begin().await?;
        for b in branches {
            sqlx::query("INSERT INTO branches (id, name, created_at) VALUES ($1, $2, $3)")
                .bind(b.id.to_string())
                .bind(&b.name)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        for m in members {
            sqlx::query(
                "INSERT INTO members (id, login, display_name, branch_id, role, \
                     joined_party_on, password_hash, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
            )
            .bind(m.id.to_string())
            .bind(&m.login)
            .bind(&m.display_name)
            .bind(m.branch_id.map(|b| b.to_string()))
            .bind(m.role.as_str())
            .bind(m.joined_party_on.map(|d| d.to_string()))
            .bind(&m.password_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await
    }
}
