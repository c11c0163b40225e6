//! Member accounts.

use super::Repo;
use sqlx::FromRow;
use zhibu_model::{Me, MemberId, Role};

/// An account with what login needs beside its public face.
#[derive(Clone, Debug)]
pub struct Member {
    pub me: Me,
    /// Empty while the member has no password (waiting for an activation code).
    pub password_hash: String,
    /// Still on the roll; a member who left cannot log in.
    pub active: bool,
    /// Bumped whenever what the member may pull changes (sync pull returns it).
    pub scope_version: i64,
}

/// The columns [`MemberRow`] reads, from `members m` joined with `branches b`.
pub(super) const MEMBER_COLUMNS: &str = "m.id, m.login, m.display_name, m.role, m.branch_id, \
    b.name AS branch_name, m.joined_party_on, m.password_hash, m.status, m.scope_version";

/// The columns of a member joined with their branch, as every member query selects them.
#[derive(FromRow)]
pub(super) struct MemberRow {
    id: String,
    login: String,
    display_name: String,
    role: String,
    branch_id: Option<String>,
    branch_name: Option<String>,
    joined_party_on: Option<String>,
    password_hash: String,
    status: String,
    scope_version: i64,
}

fn corrupt(what: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("members: invalid {what} {value:?}").into())
}

impl MemberRow {
    pub(super) fn into_member(self) -> sqlx::Result<Member> {
        let me = Me {
            id: self.id.parse().map_err(|_| corrupt("id", &self.id))?,
            role: Role::parse(&self.role).ok_or_else(|| corrupt("role", &self.role))?,
            branch_id: match &self.branch_id {
                Some(b) => Some(b.parse().map_err(|_| corrupt("branch_id", b))?),
                None => None,
            },
            joined_party_on: match &self.joined_party_on {
                Some(d) => Some(d.parse().map_err(|_| corrupt("joined_party_on", d))?),
                None => None,
            },
            login: self.login,
            display_name: self.display_name,
            branch_name: self.branch_name,
        };
        Ok(Member {
            me,
            password_hash: self.password_hash,
            active: self.status == "active",
            scope_version: self.scope_version,
        })
    }
}

impl Repo {
    pub async fn member_by_login(&self, login: &str) -> sqlx::Result<Option<Member>> {
        let row: Option<MemberRow> = sqlx::query_as(&format!(
            "SELECT {MEMBER_COLUMNS} FROM members m LEFT JOIN branches b ON b.id = m.branch_id \
                 WHERE m.login = $1"
        ))
        .bind(login)
        .fetch_optional(&self.pool)
        .await?;
        row.map(MemberRow::into_member).transpose()
    }

    pub async fn member(&self, id: MemberId) -> sqlx::Result<Option<Member>> {
        let row: Option<MemberRow> = sqlx::query_as(&format!(
            "SELECT {MEMBER_COLUMNS} FROM members m LEFT JOIN branches b ON b.id = m.branch_id \
                 WHERE m.id = $1"
        ))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.map(MemberRow::into_member).transpose()
    }

    /// Stores a new password hash, revokes every session of the member and opens
    /// `replacement`, all or nothing.
    pub async fn change_password(
        &self,
        member: MemberId,
        password_hash: &str,
        replacement: &super::NewSession,
    ) -> sqlx::Result<()> {
        let now = replacement.created_at;
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE members SET password_hash = $2, updated_at = $3 WHERE id = $1")
            .bind(member.to_string())
            .bind(password_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE sessions SET revoked_at = $2 WHERE member_id = $1 AND revoked_at IS NULL",
        )
        .bind(member.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        super::sessions::insert(&mut *tx, replacement).await?;
        tx.commit().await
    }
}
