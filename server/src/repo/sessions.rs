//! Login sessions, stored by the SHA-256 of their token.

use super::Repo;
use super::members::MemberRow;
use sqlx::{FromRow, SqliteExecutor};
use zhibu_model::{Me, MemberId};

#[derive(Clone, Debug)]
pub struct NewSession {
    pub token_hash: String,
    pub member_id: MemberId,
    pub created_at: i64,
    pub expires_at: i64,
    /// `device::user_agent_summary` of the login's browser.
    pub user_agent: String,
}

/// A live session as its member's device list shows it.
#[derive(Clone, Debug, FromRow)]
pub struct DeviceRow {
    pub token_hash: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_agent: String,
}

/// A live session (neither revoked nor expired) and whose it is.
#[derive(Clone, Debug)]
pub struct Session {
    pub token_hash: String,
    pub member: Me,
    pub scope_version: i64,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

#[derive(FromRow)]
struct SessionRow {
    token_hash: String,
    created_at: i64,
    last_seen_at: i64,
    expires_at: i64,
    #[sqlx(flatten)]
    member: MemberRow,
}

pub(super) async fn insert<'e>(db: impl SqliteExecutor<'e>, s: &NewSession) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO sessions \
         (token_hash, member_id, created_at, last_seen_at, expires_at, user_agent) \
         VALUES ($1, $2, $3, $3, $4, $5)",
    )
    .bind(&s.token_hash)
    .bind(s.member_id.to_string())
    .bind(s.created_at)
    .bind(s.expires_at)
    .bind(&s.user_agent)
    .execute(db)
    .await
    .map(drop)
}

impl Repo {
    pub async fn insert_session(&self, s: &NewSession) -> sqlx::Result<()> {
        insert(&self.pool, s).await
    }

    /// The session with this token hash if it is still valid at `now`.
    pub async fn live_session(&self, token_hash: &str, now: i64) -> sqlx::Result<Option<Session>> {
        // A member who left has no live session, whatever the table says.
        let row: Option<SessionRow> = sqlx::query_as(&format!(
            "SELECT s.token_hash, s.created_at, s.last_seen_at, s.expires_at, {} \
             FROM sessions s \
             JOIN members m ON m.id = s.member_id \
             LEFT JOIN branches b ON b.id = m.branch_id \
             WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 \
               AND m.status = 'active'",
            super::members::MEMBER_COLUMNS
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            let member = r.member.into_member()?;
            Ok(Session {
                token_hash: r.token_hash,
                created_at: r.created_at,
                last_seen_at: r.last_seen_at,
                expires_at: r.expires_at,
                scope_version: member.scope_version,
                member: member.me,
            })
        })
        .transpose()
    }

    /// Records a use of the session and slides its expiry.
    pub async fn touch_session(
        &self,
        token_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "UPDATE sessions SET last_seen_at = $2, expires_at = $3 \
             WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await
        .map(drop)
    }

    /// Revokes one session; returns whose it was, if it was live.
    pub async fn revoke_session(
        &self,
        token_hash: &str,
        now: i64,
    ) -> sqlx::Result<Option<MemberId>> {
        let member: Option<(String,)> = sqlx::query_as(
            "UPDATE sessions SET revoked_at = $2 \
             WHERE token_hash = $1 AND revoked_at IS NULL \
             RETURNING member_id",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(member.and_then(|(id,)| id.parse().ok()))
    }

    /// The member's live sessions, most recently used first.
    pub async fn live_sessions_of(
        &self,
        member: MemberId,
        now: i64,
    ) -> sqlx::Result<Vec<DeviceRow>> {
        sqlx::query_as(
            "SELECT token_hash, created_at, last_seen_at, user_agent FROM sessions \
             WHERE member_id = $1 AND revoked_at IS NULL AND expires_at > $2 \
             ORDER BY last_seen_at DESC, created_at DESC",
        )
        .bind(member.to_string())
        .bind(now)
        .fetch_all(&self.pool)
        .await
    }

    /// Revokes one of `member`'s sessions; whether it was live and theirs.
    pub async fn revoke_member_session(
        &self,
        member: MemberId,
        token_hash: &str,
        now: i64,
    ) -> sqlx::Result<bool> {
        let done = sqlx::query(
            "UPDATE sessions SET revoked_at = $3 \
             WHERE token_hash = $1 AND member_id = $2 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .bind(member.to_string())
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Forgets a member's sessions that can never be used again, so the table stays the
    /// size of the live ones.
    pub async fn prune_dead_sessions(&self, member: MemberId, now: i64) -> sqlx::Result<()> {
        sqlx::query(
            "DELETE FROM sessions \
             WHERE member_id = $1 AND (revoked_at IS NOT NULL OR expires_at <= $2)",
        )
        .bind(member.to_string())
        .bind(now)
        .execute(&self.pool)
        .await
        .map(drop)
    }
}
