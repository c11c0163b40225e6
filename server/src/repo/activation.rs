//! Activation codes (model: `org/activation.rs`): issuing one ends the member's password
//! and sessions; using one sets the password and opens a session, all or nothing.

use super::audit::{self, Actor};
use super::org::branch_closed;
use super::{NewSession, Repo, RepoError, RepoResult, sessions};
use serde_json::json;
use sqlx::SqliteConnection;
use zhibu_model::{BranchId, ErrorCode, MemberId};

/// The first administrator `zhibu-server admin init` makes.
#[derive(Clone, Debug)]
pub struct NewAccount {
    pub id: MemberId,
    pub login: String,
    pub display_name: String,
}

/// What the stored code says of the code typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeCheck {
    /// Right, unused and in time: the member it opens.
    Valid(MemberId),
    /// No member of that login, no code, or another code.
    Wrong,
    /// Right, but already used.
    Used,
    /// Right, but older than its validity.
    Expired,
}

/// A member who was just given a code.
#[derive(Clone, Debug)]
pub struct PendingMember {
    pub id: MemberId,
    pub login: String,
    pub display_name: String,
}

/// [`put_code`] with its audit entry (which never holds the code).
async fn issue_audited(
    conn: &mut SqliteConnection,
    member: MemberId,
    login: &str,
    code_hash: &str,
    actor: &Actor,
    now: i64,
    expires_at: i64,
) -> sqlx::Result<()> {
    put_code(conn, member, code_hash, actor.id, now, expires_at).await?;
    let detail = json!({"member_id": member, "login": login, "expires_at": expires_at});
    audit::record(
        &mut *conn,
        now,
        actor,
        "activation_code_issued",
        Some(&member.to_string()),
        &detail,
    )
    .await
}

/// Stores a code for `member` (replacing any), clears their password and ends their
/// sessions: until they use it, only the code logs them in.
pub(super) async fn put_code(
    conn: &mut SqliteConnection,
    member: MemberId,
    code_hash: &str,
    issued_by: Option<MemberId>,
    now: i64,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO activation_codes (member_id, code_hash, issued_by, issued_at, expires_at, \
             used_at) VALUES ($1, $2, $3, $4, $5, NULL) \
         ON CONFLICT (member_id) DO UPDATE SET code_hash = excluded.code_hash, \
             issued_by = excluded.issued_by, issued_at = excluded.issued_at, \
             expires_at = excluded.expires_at, used_at = NULL",
    )
    .bind(member.to_string())
    .bind(code_hash)
    .bind(issued_by.map(|m| m.to_string()))
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE members SET password_hash = '', updated_at = $2 WHERE id = $1")
        .bind(member.to_string())
        .bind(now)
        .execute(&mut *conn)
        .await?;
    end_sessions(conn, member, now).await
}

pub(super) async fn end_sessions(
    conn: &mut SqliteConnection,
    member: MemberId,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE member_id = $1 AND revoked_at IS NULL")
        .bind(member.to_string())
        .bind(now)
        .execute(conn)
        .await
        .map(drop)
}

impl Repo {
    /// A new code for an active member (not found otherwise), audited without the code.
    pub async fn issue_code(
        &self,
        member: MemberId,
        code_hash: &str,
        actor: &Actor,
        now: i64,
        expires_at: i64,
    ) -> RepoResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let found: Option<(String,)> =
            sqlx::query_as("SELECT login FROM members WHERE id = $1 AND status = 'active'")
                .bind(member.to_string())
                .fetch_optional(&mut *tx)
                .await?;
        let Some((login,)) = found else {
            return Err(RepoError::NotFound);
        };
        issue_audited(&mut tx, member, &login, code_hash, actor, now, expires_at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A new code for every active member of an open branch who has no password yet
    /// (`new_code` gives each one and its hash), each audited as [`Repo::issue_code`]
    /// does, all or none; by name in pinyin order. Members who set a password are left
    /// alone: a bulk action must not lock out everyone who already uses the portal. An
    /// unknown branch is not found; a closed one is `branch_id` `immutable`.
    pub async fn issue_branch_codes<C: Send>(
        &self,
        branch: BranchId,
        mut new_code: impl FnMut() -> (C, String) + Send,
        actor: &Actor,
        now: i64,
        expires_at: i64,
    ) -> RepoResult<Vec<(C, PendingMember)>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        match branch_closed(&mut tx, branch).await? {
            None => return Err(RepoError::NotFound),
            Some(true) => return Err(RepoError::field("branch_id", ErrorCode::Immutable)),
            Some(false) => {}
        }
        let mut pending: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT id, login, display_name FROM members \
             WHERE branch_id = $1 AND status = 'active' AND role <> 'admin' \
               AND password_hash = ''",
        )
        .bind(branch.to_string())
        .fetch_all(&mut *tx)
        .await?;
        crate::name_order::sort_by_name(&mut pending, |(_, _, name)| name);
        let mut issued = Vec::with_capacity(pending.len());
        for (id, login, display_name) in pending {
            let member: MemberId = super::org::id("member id", &id)?;
            let (code, hash) = new_code();
            issue_audited(&mut tx, member, &login, &hash, actor, now, expires_at).await?;
            issued.push((
                code,
                PendingMember {
                    id: member,
                    login,
                    display_name,
                },
            ));
        }
        tx.commit().await?;
        Ok(issued)
    }

    /// What the code `code_hash` is worth for the active member with this login at `now`.
    pub async fn check_code(
        &self,
        login: &str,
        code_hash: &str,
        now: i64,
    ) -> sqlx::Result<CodeCheck> {
        let row: Option<(String, String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT m.id, c.code_hash, c.expires_at, c.used_at \
             FROM members m JOIN activation_codes c ON c.member_id = m.id \
             WHERE m.login = $1 AND m.status = 'active'",
        )
        .bind(login)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            Some((_, stored, _, _)) if stored != code_hash => CodeCheck::Wrong,
            None => CodeCheck::Wrong,
            Some((_, _, _, Some(_))) => CodeCheck::Used,
            Some((_, _, expires_at, None)) if expires_at <= now => CodeCheck::Expired,
            Some((id, ..)) => match id.parse() {
                Ok(id) => CodeCheck::Valid(id),
                Err(_) => CodeCheck::Wrong,
            },
        })
    }

    /// Uses the code: marks it used (only if it still is unused and in time, so two
    /// requests with one code cannot both succeed), sets the password, ends every other
    /// session and opens `session`. `Ok(false)`: the code was used or expired meanwhile.
    pub async fn activate(
        &self,
        member: MemberId,
        code_hash: &str,
        password_hash: &str,
        session: &NewSession,
        addr: &str,
    ) -> sqlx::Result<bool> {
        let now = session.created_at;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let used = sqlx::query(
            "UPDATE activation_codes SET used_at = $3 \
             WHERE member_id = $1 AND code_hash = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(member.to_string())
        .bind(code_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if used.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query("UPDATE members SET password_hash = $2, updated_at = $3 WHERE id = $1")
            .bind(member.to_string())
            .bind(password_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        end_sessions(&mut tx, member, now).await?;
        sessions::insert(&mut *tx, session).await?;
        let actor = Actor {
            id: Some(member),
            addr: Some(addr.to_owned()),
        };
        audit::record(
            &mut *tx,
            now,
            &actor,
            "account_activated",
            Some(&member.to_string()),
            &json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// `zhibu-server admin init`: the organisation and its first administrator, with a
    /// code to set their password. Refused once an organisation exists.
    pub async fn init_organisation(
        &self,
        name: &str,
        admin: &NewAccount,
        code_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> RepoResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let (orgs,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM organisation")
            .fetch_one(&mut *tx)
            .await?;
        if orgs > 0 {
            return Err(RepoError::field(
                "organisation",
                zhibu_model::ErrorCode::Conflict,
            ));
        }
        if super::org_members::login_taken(&mut tx, &admin.login).await? {
            return Err(RepoError::field("login", zhibu_model::ErrorCode::Conflict));
        }
        let org_id = uuid::Uuid::now_v7().to_string();
        sqlx::query(
            "INSERT INTO organisation (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)",
        )
        .bind(&org_id)
        .bind(name)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO members (id, login, display_name, branch_id, role, password_hash, \
                 created_at, updated_at) VALUES ($1, $2, $3, NULL, 'admin', '', $4, $4)",
        )
        .bind(admin.id.to_string())
        .bind(&admin.login)
        .bind(&admin.display_name)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        put_code(&mut tx, admin.id, code_hash, None, now, expires_at).await?;
        let actor = Actor::command_line();
        let detail = json!({"organisation": name, "login": admin.login});
        audit::record(
            &mut *tx,
            now,
            &actor,
            "organisation_created",
            Some(&org_id),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The id of the active member with this login.
    pub async fn active_member_id(&self, login: &str) -> sqlx::Result<Option<MemberId>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT id FROM members WHERE login = $1 AND status = 'active'")
                .bind(login)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(id,)| id.parse().ok()))
    }
}
