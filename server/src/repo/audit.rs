//! The append-only audit log (the schema refuses updates and deletes): who did what,
//! when, from which address, about which member or branch.

use super::Repo;
use serde::Serialize;
use sqlx::{FromRow, SqliteExecutor};
use zhibu_model::MemberId;

/// Who makes a change: a member from an address, or (no member) the command line.
#[derive(Clone, Debug, Default)]
pub struct Actor {
    pub id: Option<MemberId>,
    pub addr: Option<String>,
}

impl Actor {
    pub fn member(id: MemberId, addr: std::net::IpAddr) -> Self {
        Self {
            id: Some(id),
            addr: Some(addr.to_string()),
        }
    }

    /// `zhibu-server admin …`, run by whoever holds the server's files.
    pub fn command_line() -> Self {
        Self {
            id: None,
            addr: Some("cli".to_owned()),
        }
    }
}

/// Appends one entry, on the pool or inside the transaction of the change it records.
pub(super) async fn insert<'e>(
    db: impl SqliteExecutor<'e>,
    at: i64,
    actor: Option<MemberId>,
    action: &str,
    detail: &serde_json::Value,
) -> sqlx::Result<()> {
    let actor = Actor {
        id: actor,
        addr: None,
    };
    record(db, at, &actor, action, None, detail).await
}

/// Appends one entry naming its subject (the member or branch changed).
pub(super) async fn record<'e>(
    db: impl SqliteExecutor<'e>,
    at: i64,
    actor: &Actor,
    action: &str,
    subject: Option<&str>,
    detail: &serde_json::Value,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor_id, action, detail, addr, subject_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(at)
    .bind(actor.id.map(|a| a.to_string()))
    .bind(action)
    .bind(detail.to_string())
    .bind(actor.addr.as_deref())
    .bind(subject)
    .execute(db)
    .await
    .map(drop)
}

/// `GET /api/v1/org/audit`'s filters; all optional, combined with AND.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub subject: Option<String>,
    pub action: Option<String>,
    /// Unix ms, inclusive.
    pub from: Option<i64>,
    /// Unix ms, exclusive.
    pub until: Option<i64>,
}

/// One entry as the administrator's page lists it.
#[derive(Clone, Debug, FromRow, Serialize)]
pub struct AuditRow {
    pub id: String,
    pub at: i64,
    pub actor_id: Option<String>,
    pub actor_name: Option<String>,
    pub addr: Option<String>,
    pub action: String,
    pub subject_id: Option<String>,
    #[serde(skip)]
    pub detail: String,
}

impl Repo {
    pub async fn audit(
        &self,
        at: i64,
        actor: Option<MemberId>,
        action: &str,
        detail: &serde_json::Value,
    ) -> sqlx::Result<()> {
        insert(&self.pool, at, actor, action, detail).await
    }

    pub async fn audit_by(
        &self,
        at: i64,
        actor: &Actor,
        action: &str,
        subject: Option<&str>,
        detail: &serde_json::Value,
    ) -> sqlx::Result<()> {
        record(&self.pool, at, actor, action, subject, detail).await
    }

    /// A page of entries, newest first, and how many match.
    pub async fn audit_page(
        &self,
        filter: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> sqlx::Result<(i64, Vec<AuditRow>)> {
        const WHERE: &str = "WHERE ($1 IS NULL OR a.actor_id = $1) \
               AND ($2 IS NULL OR a.subject_id = $2) \
               AND ($3 IS NULL OR a.action = $3) \
               AND ($4 IS NULL OR a.at >= $4) \
               AND ($5 IS NULL OR a.at < $5)";
        let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM audit_log a {WHERE}"))
            .bind(&filter.actor)
            .bind(&filter.subject)
            .bind(&filter.action)
            .bind(filter.from)
            .bind(filter.until)
            .fetch_one(&self.pool)
            .await?;
        let rows = sqlx::query_as(&format!(
            "SELECT a.id, a.at, a.actor_id, m.display_name AS actor_name, a.addr, a.action, \
                    a.subject_id, a.detail \
             FROM audit_log a LEFT JOIN members m ON m.id = a.actor_id {WHERE} \
             ORDER BY a.at DESC, a.id DESC LIMIT $6 OFFSET $7"
        ))
        .bind(&filter.actor)
        .bind(&filter.subject)
        .bind(&filter.action)
        .bind(filter.from)
        .bind(filter.until)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        Ok((total, rows))
    }
}
