//! Branches and the accounts in them.

use super::Repo;
use zhibu_model::org::post::Post;
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
    /// The post behind a secretary's or committee member's role (held since before the
    /// portal knew), so the role stays what the posts say.
    pub post: Option<Post>,
}

impl Repo {
    /// Branches plus organisations: 0 on a database nobody has set up yet.
    pub async fn branch_count(&self) -> sqlx::Result<i64> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM branches) + (SELECT COUNT(*) FROM organisation)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(n)
    }

    /// Creates the organisation, its branches and their accounts (with their memberships
    /// and posts) in one transaction: all or nothing.
    pub async fn create_organisation(
        &self,
        name: &str,
        branches: &[NewBranch],
        members: &[NewMember],
        now: i64,
    ) -> sqlx::Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO organisation (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(name)
        .bind(now)
        .execute(&mut *tx)
        .await?;
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
            let Some(branch) = m.branch_id else {
                continue;
            };
            sqlx::query(
                "INSERT INTO memberships (id, member_id, branch_id, from_date, until_date, \
                     created_at) VALUES ($1, $2, $3, NULL, NULL, $4)",
            )
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(m.id.to_string())
            .bind(branch.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if let Some(post) = m.post {
                sqlx::query(
                    "INSERT INTO posts (id, member_id, branch_id, party_group_id, post, \
                         from_date, until_date, created_at) \
                     VALUES ($1, $2, $3, NULL, $4, NULL, NULL, $5)",
                )
                .bind(uuid::Uuid::now_v7().to_string())
                .bind(m.id.to_string())
                .bind(branch.to_string())
                .bind(post.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await
    }
}
