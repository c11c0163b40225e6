//! What a roster import reads (a snapshot of branches, groups and members) and writes
//! (its groups and members, in one transaction with one audit entry), and the rows of an
//! export.

use super::audit::{self, Actor};
use super::org::{id, insert_group};
use super::org_members::insert_member;
use super::{NewRosterMember, Repo, RepoError, RepoResult};
use crate::roster_file::{ExportLine, Known, KnownMember};
use chrono::NaiveDate;
use serde_json::json;
use zhibu_model::ids::PartyGroupId;
use zhibu_model::org::member::{Category, Gender};
use zhibu_model::org::post::Post;
use zhibu_model::{BranchId, ErrorCode, Lang, ymd};

impl Repo {
    /// Open branches and groups, every member, and which branches have a 书记 now.
    pub async fn import_snapshot(&self, today: NaiveDate) -> sqlx::Result<Known> {
        let mut known = Known::default();
        let branches: Vec<(String, String)> =
            sqlx::query_as("SELECT id, name FROM branches WHERE closed_on IS NULL")
                .fetch_all(&self.pool)
                .await?;
        for (b, name) in branches {
            known.branches.insert(name, id("branch id", &b)?);
        }
        let groups: Vec<(String, String, String)> =
            sqlx::query_as("SELECT id, branch_id, name FROM party_groups WHERE closed_at IS NULL")
                .fetch_all(&self.pool)
                .await?;
        for (g, b, name) in groups {
            known
                .groups
                .insert((id("branch id", &b)?, name), id("group id", &g)?);
        }
        type MemberRow = (String, String, String, Option<String>, Option<String>);
        let members: Vec<MemberRow> =
            sqlx::query_as("SELECT id, login, display_name, born_on, branch_id FROM members")
                .fetch_all(&self.pool)
                .await?;
        for (m, login, display_name, born_on, branch) in members {
            known.members.push(KnownMember {
                id: id("member id", &m)?,
                login,
                display_name,
                born_on,
                branch_id: branch.as_deref().map(|b| id("branch id", b)).transpose()?,
            });
        }
        let day = ymd::format(today);
        let secretaries: Vec<(String,)> = sqlx::query_as(
            "SELECT DISTINCT branch_id FROM posts WHERE post = 'secretary' \
               AND (from_date IS NULL OR from_date <= $1) \
               AND (until_date IS NULL OR until_date > $1)",
        )
        .bind(&day)
        .fetch_all(&self.pool)
        .await?;
        for (b,) in secretaries {
            known.with_secretary.insert(id("branch id", &b)?);
        }
        Ok(known)
    }

    /// Writes an import's plan: its groups, then its members (no password: codes are
    /// issued when they are handed over), all or nothing.
    pub async fn import_roster(
        &self,
        groups: &[(BranchId, String, PartyGroupId)],
        members: &[NewRosterMember],
        hash: &str,
        actor: &Actor,
        now: i64,
        today: NaiveDate,
    ) -> RepoResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        for (branch, name, group) in groups {
            insert_group(&mut tx, *group, *branch, name, now).await?;
        }
        for m in members {
            insert_member(&mut tx, m, now, today)
                .await
                .map_err(|e| match e {
                    // The plan checked every row against the same state; a row refused now
                    // means the state changed after the plan was made.
                    RepoError::Field(_) => RepoError::field("hash", ErrorCode::Conflict),
                    other => other,
                })?;
        }
        let detail = json!({
            "hash": hash,
            "added": members.len(),
            "groups": groups.iter().map(|(b, n, g)| json!({"branch_id": b, "name": n, "party_group_id": g})).collect::<Vec<_>>(),
            "member_ids": members.iter().map(|m| m.id).collect::<Vec<_>>(),
        });
        audit::record(&mut *tx, now, actor, "roster_imported", None, &detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The active members (of one branch, or all), as an export writes them (in Chinese,
    /// as the import reads them), by branch and login.
    pub async fn export_lines(
        &self,
        branch: Option<BranchId>,
        today: NaiveDate,
    ) -> sqlx::Result<Vec<ExportLine>> {
        type Row = (
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT m.display_name, m.gender, m.born_on, m.joined_party_on, m.full_member_on, \
                    m.category, b.name, g.name, \
                    (SELECT p.post FROM posts p WHERE p.member_id = m.id \
                       AND p.branch_id = m.branch_id \
                       AND (p.from_date IS NULL OR p.from_date <= $2) \
                       AND (p.until_date IS NULL OR p.until_date > $2) \
                     ORDER BY CASE p.post WHEN 'secretary' THEN 0 WHEN 'deputy_secretary' THEN 1 \
                       WHEN 'group_leader' THEN 3 ELSE 2 END LIMIT 1), \
                    m.mobile, m.login \
             FROM members m JOIN branches b ON b.id = m.branch_id \
             LEFT JOIN party_groups g ON g.id = m.party_group_id \
             WHERE m.status = 'active' AND m.role <> 'admin' AND ($1 IS NULL OR m.branch_id = $1) \
             ORDER BY b.name",
        )
        .bind(branch.map(|b| b.to_string()))
        .bind(ymd::format(today))
        .fetch_all(&self.pool)
        .await?;
        // Within a branch, by name in pinyin order (the sort is stable: branches stay).
        let mut rows = rows;
        crate::name_order::sort_by_name(&mut rows, |r| &r.0);
        rows.sort_by(|a, b| a.6.cmp(&b.6));
        Ok(rows
            .into_iter()
            .map(|r| {
                [
                    r.0,
                    r.1.as_deref()
                        .and_then(Gender::parse)
                        .map(|g| g.label(Lang::ZhCn).to_owned())
                        .unwrap_or_default(),
                    r.2.unwrap_or_default(),
                    r.3.unwrap_or_default(),
                    r.4.unwrap_or_default(),
                    Category::parse(&r.5)
                        .unwrap_or_default()
                        .label(Lang::ZhCn)
                        .to_owned(),
                    r.6,
                    r.7.unwrap_or_default(),
                    r.8.as_deref()
                        .and_then(Post::parse)
                        .map(|p| p.label(Lang::ZhCn).to_owned())
                        .unwrap_or_default(),
                    r.9.unwrap_or_default(),
                    r.10,
                ]
            })
            .collect())
    }
}
