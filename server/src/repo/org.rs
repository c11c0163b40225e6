//! The organisation's tree: general branches, branches, party groups and posts. Each
//! change is one transaction with its audit entry; a change of posts brings the members'
//! `role` in step in the same transaction (model `org/post.rs` states why a column).

use super::audit::{self, Actor};
use super::{Repo, RepoError, RepoResult};
use chrono::NaiveDate;
use serde_json::json;
use sqlx::{FromRow, SqliteConnection};
use zhibu_model::ids::{GeneralBranchId, PartyGroupId, PostId};
use zhibu_model::org::post::Post;
use zhibu_model::org::role_from_posts;
use zhibu_model::org::tree::Appointment;
use zhibu_model::org::views::{
    BranchDetail, BranchSummary, GeneralBranchView, OrgTree, PartyGroupView, PostView,
};
use zhibu_model::{BranchId, ErrorCode, MemberId, ymd};

fn corrupt(what: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("organisation: invalid {what} {value:?}").into())
}

pub(super) fn id<T: std::str::FromStr>(what: &str, s: &str) -> sqlx::Result<T> {
    s.parse().map_err(|_| corrupt(what, s))
}

pub(super) fn date(what: &str, s: Option<&str>) -> sqlx::Result<Option<NaiveDate>> {
    s.map(|d| ymd::parse(d).ok_or_else(|| corrupt(what, d)))
        .transpose()
}

#[derive(FromRow)]
struct BranchRow {
    id: String,
    name: String,
    general_branch_id: Option<String>,
    closed_on: Option<String>,
    members: i64,
}

impl BranchRow {
    fn view(self) -> sqlx::Result<BranchSummary> {
        Ok(BranchSummary {
            id: id("branch id", &self.id)?,
            general_branch_id: self
                .general_branch_id
                .as_deref()
                .map(|g| id("general branch id", g))
                .transpose()?,
            closed_on: date("closed_on", self.closed_on.as_deref())?,
            members: u32::try_from(self.members).unwrap_or(u32::MAX),
            name: self.name,
        })
    }
}

const BRANCH_COLUMNS: &str = "b.id, b.name, b.general_branch_id, b.closed_on, \
    (SELECT COUNT(*) FROM members m WHERE m.branch_id = b.id AND m.status = 'active' \
       AND m.role <> 'admin') AS members";

#[derive(FromRow)]
pub(super) struct PostRow {
    id: String,
    member_id: String,
    display_name: String,
    branch_id: String,
    post: String,
    party_group_id: Option<String>,
    from_date: Option<String>,
    until_date: Option<String>,
}

pub(super) const POST_COLUMNS: &str = "p.id, p.member_id, m.display_name, p.branch_id, p.post, \
    p.party_group_id, p.from_date, p.until_date";

impl PostRow {
    pub(super) fn view(self) -> sqlx::Result<PostView> {
        Ok(PostView {
            id: id("post id", &self.id)?,
            member_id: id("member id", &self.member_id)?,
            display_name: self.display_name,
            branch_id: id("branch id", &self.branch_id)?,
            post: Post::parse(&self.post).ok_or_else(|| corrupt("post", &self.post))?,
            party_group_id: self
                .party_group_id
                .as_deref()
                .map(|g| id("group id", g))
                .transpose()?,
            from: date("from_date", self.from_date.as_deref())?,
            until: date("until_date", self.until_date.as_deref())?,
        })
    }
}

/// Brings `member`'s role in step with the posts they hold in their branch on `today`
/// (administrators keep theirs). A change bumps their scope version: what their phone
/// may hold changes with it.
pub(super) async fn refresh_role(
    conn: &mut SqliteConnection,
    member: MemberId,
    today: NaiveDate,
    now: i64,
) -> sqlx::Result<()> {
    let today = ymd::format(today);
    let posts: Vec<(String,)> = sqlx::query_as(
        "SELECT p.post FROM posts p JOIN members m ON m.id = p.member_id \
         WHERE p.member_id = $1 AND p.branch_id = m.branch_id AND m.status = 'active' \
           AND (p.from_date IS NULL OR p.from_date <= $2) \
           AND (p.until_date IS NULL OR p.until_date > $2)",
    )
    .bind(member.to_string())
    .bind(&today)
    .fetch_all(&mut *conn)
    .await?;
    let role = role_from_posts(posts.iter().filter_map(|(p,)| Post::parse(p)));
    sqlx::query(
        "UPDATE members SET role = $2, scope_version = scope_version + 1, updated_at = $3 \
         WHERE id = $1 AND role <> $2 AND role <> 'admin'",
    )
    .bind(member.to_string())
    .bind(role.as_str())
    .bind(now)
    .execute(conn)
    .await
    .map(drop)
}

/// The branch's state: `None` when there is no such branch, else whether it is closed.
pub(super) async fn branch_closed(
    conn: &mut SqliteConnection,
    branch: BranchId,
) -> sqlx::Result<Option<bool>> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT closed_on FROM branches WHERE id = $1")
            .bind(branch.to_string())
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(closed,)| closed.is_some()))
}

/// Refuses a change into a branch that does not exist (`field` not found) or is closed
/// (`field` immutable).
pub(super) async fn open_branch(
    conn: &mut SqliteConnection,
    branch: BranchId,
    field: &str,
) -> RepoResult<()> {
    match branch_closed(conn, branch).await? {
        None => Err(RepoError::field(field, ErrorCode::NotFound)),
        Some(true) => Err(RepoError::field(field, ErrorCode::Immutable)),
        Some(false) => Ok(()),
    }
}

/// Refuses a group that is not an open group of `branch`.
pub(super) async fn open_group_of(
    conn: &mut SqliteConnection,
    group: PartyGroupId,
    branch: BranchId,
) -> RepoResult<()> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM party_groups WHERE id = $1 AND branch_id = $2 AND closed_at IS NULL",
    )
    .bind(group.to_string())
    .bind(branch.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(drop)
        .ok_or_else(|| RepoError::field("party_group_id", ErrorCode::NotFound))
}

async fn branch_name_taken(
    conn: &mut SqliteConnection,
    name: &str,
    except: Option<BranchId>,
) -> sqlx::Result<bool> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM branches WHERE name = $1 AND closed_on IS NULL AND ($2 IS NULL OR id <> $2)",
    )
    .bind(name)
    .bind(except.map(|b| b.to_string()))
    .fetch_optional(conn)
    .await?;
    Ok(row.is_some())
}

async fn general_exists(conn: &mut SqliteConnection, g: GeneralBranchId) -> RepoResult<()> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM general_branches WHERE id = $1")
        .bind(g.to_string())
        .fetch_optional(conn)
        .await?;
    row.map(drop)
        .ok_or_else(|| RepoError::field("general_branch_id", ErrorCode::NotFound))
}

impl Repo {
    pub async fn organisation_name(&self) -> sqlx::Result<Option<String>> {
        let row: Option<(String,)> = sqlx::query_as("SELECT name FROM organisation LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(n,)| n))
    }

    pub async fn org_tree(&self) -> sqlx::Result<OrgTree> {
        let general: Vec<(String, String)> =
            sqlx::query_as("SELECT id, name FROM general_branches ORDER BY name")
                .fetch_all(&self.pool)
                .await?;
        let branches: Vec<BranchRow> = sqlx::query_as(&format!(
            "SELECT {BRANCH_COLUMNS} FROM branches b ORDER BY b.closed_on IS NOT NULL, b.name"
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(OrgTree {
            organisation: self.organisation_name().await?,
            general_branches: general
                .into_iter()
                .map(|(g, name)| {
                    Ok(GeneralBranchView {
                        id: id("general branch id", &g)?,
                        name,
                    })
                })
                .collect::<sqlx::Result<_>>()?,
            branches: branches
                .into_iter()
                .map(BranchRow::view)
                .collect::<sqlx::Result<_>>()?,
        })
    }

    pub async fn create_general_branch(
        &self,
        name: &str,
        actor: &Actor,
        now: i64,
    ) -> RepoResult<GeneralBranchId> {
        let id = GeneralBranchId::new();
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query(
            "INSERT INTO general_branches (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)",
        )
        .bind(id.to_string())
        .bind(name)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let detail = json!({"general_branch_id": id, "name": name});
        audit::record(
            &mut *tx,
            now,
            actor,
            "general_branch_created",
            Some(&id.to_string()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn rename_general_branch(
        &self,
        general: GeneralBranchId,
        name: &str,
        actor: &Actor,
        now: i64,
    ) -> RepoResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let done =
            sqlx::query("UPDATE general_branches SET name = $2, updated_at = $3 WHERE id = $1")
                .bind(general.to_string())
                .bind(name)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Err(RepoError::NotFound);
        }
        let detail = json!({"general_branch_id": general, "name": name});
        audit::record(
            &mut *tx,
            now,
            actor,
            "general_branch_renamed",
            Some(&general.to_string()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A new branch; open branches' names are unique (a roster names its branch).
    pub async fn create_branch(
        &self,
        name: &str,
        general: Option<GeneralBranchId>,
        actor: &Actor,
        now: i64,
    ) -> RepoResult<BranchId> {
        let id = BranchId::new();
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        if branch_name_taken(&mut tx, name, None).await? {
            return Err(RepoError::field("name", ErrorCode::Conflict));
        }
        if let Some(g) = general {
            general_exists(&mut tx, g).await?;
        }
        sqlx::query(
            "INSERT INTO branches (id, name, created_at, general_branch_id, updated_at) \
             VALUES ($1, $2, $3, $4, $3)",
        )
        .bind(id.to_string())
        .bind(name)
        .bind(now)
        .bind(general.map(|g| g.to_string()))
        .execute(&mut *tx)
        .await?;
        let detail = json!({"branch_id": id, "name": name, "general_branch_id": general});
        audit::record(
            &mut *tx,
            now,
            actor,
            "branch_created",
            Some(&id.to_string()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Renames an open branch or moves it under another general branch (or none).
    pub async fn update_branch(
        &self,
        branch: BranchId,
        name: &str,
        general: Option<GeneralBranchId>,
        actor: &Actor,
        now: i64,
    ) -> RepoResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        match branch_closed(&mut tx, branch).await? {
            None => return Err(RepoError::NotFound),
            Some(true) => return Err(RepoError::field("branch_id", ErrorCode::Immutable)),
            Some(false) => {}
        }
        if branch_name_taken(&mut tx, name, Some(branch)).await? {
            return Err(RepoError::field("name", ErrorCode::Conflict));
        }
        if let Some(g) = general {
            general_exists(&mut tx, g).await?;
        }
        let before: (String, Option<String>) =
            sqlx::query_as("SELECT name, general_branch_id FROM branches WHERE id = $1")
                .bind(branch.to_string())
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "UPDATE branches SET name = $2, general_branch_id = $3, updated_at = $4 WHERE id = $1",
        )
        .bind(branch.to_string())
        .bind(name)
        .bind(general.map(|g| g.to_string()))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let detail = json!({
            "branch_id": branch,
            "before": {"name": before.0, "general_branch_id": before.1},
            "after": {"name": name, "general_branch_id": general},
        });
        audit::record(
            &mut *tx,
            now,
            actor,
            "branch_updated",
            Some(&branch.to_string()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Closes a branch from `date`: only once it has no active member (transfer them
    /// first), so nobody's session writes into it again. Its records and figures stay.
    pub async fn close_branch(
        &self,
        branch: BranchId,
        date: NaiveDate,
        actor: &Actor,
        now: i64,
    ) -> RepoResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        match branch_closed(&mut tx, branch).await? {
            None => return Err(RepoError::NotFound),
            Some(true) => return Err(RepoError::field("branch_id", ErrorCode::Immutable)),
            Some(false) => {}
        }
        let (active,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM members WHERE branch_id = $1 AND status = 'active'",
        )
        .bind(branch.to_string())
        .fetch_one(&mut *tx)
        .await?;
        if active > 0 {
            return Err(RepoError::field("branch_id", ErrorCode::Conflict));
        }
        let day = ymd::format(date);
        sqlx::query("UPDATE branches SET closed_on = $2, updated_at = $3 WHERE id = $1")
            .bind(branch.to_string())
            .bind(&day)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE posts SET until_date = $2 WHERE branch_id = $1 AND until_date IS NULL")
            .bind(branch.to_string())
            .bind(&day)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE party_groups SET closed_at = $2 WHERE branch_id = $1 AND closed_at IS NULL",
        )
        .bind(branch.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let detail = json!({"branch_id": branch, "closed_on": day});
        audit::record(
            &mut *tx,
            now,
            actor,
            "branch_closed",
            Some(&branch.to_string()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether the branch is closed; `None`: no such branch.
    pub async fn branch_is_closed(&self, branch: BranchId) -> sqlx::Result<Option<bool>> {
        let mut conn = self.pool.acquire().await?;
        branch_closed(&mut conn, branch).await
    }

    pub async fn branch_detail(&self, branch: BranchId) -> RepoResult<BranchDetail> {
        let row: Option<BranchRow> = sqlx::query_as(&format!(
            "SELECT {BRANCH_COLUMNS} FROM branches b WHERE b.id = $1"
        ))
        .bind(branch.to_string())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Err(RepoError::NotFound);
        };
        let groups: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT g.id, g.name, \
                (SELECT COUNT(*) FROM members m WHERE m.party_group_id = g.id \
                   AND m.status = 'active') AS members, g.closed_at \
             FROM party_groups g WHERE g.branch_id = $1 ORDER BY g.closed_at IS NOT NULL, g.name",
        )
        .bind(branch.to_string())
        .fetch_all(&self.pool)
        .await?;
        let posts: Vec<PostRow> = sqlx::query_as(&format!(
            "SELECT {POST_COLUMNS} FROM posts p JOIN members m ON m.id = p.member_id \
             WHERE p.branch_id = $1 \
             ORDER BY p.until_date IS NOT NULL, p.until_date DESC, p.from_date DESC, p.post"
        ))
        .bind(branch.to_string())
        .fetch_all(&self.pool)
        .await?;
        Ok(BranchDetail {
            branch: row.view()?,
            groups: groups
                .into_iter()
                .map(|(g, name, members, closed)| {
                    Ok(PartyGroupView {
                        id: id("group id", &g)?,
                        branch_id: branch,
                        name,
                        members: u32::try_from(members).unwrap_or(u32::MAX),
                        closed: closed.is_some(),
                    })
                })
                .collect::<sqlx::Result<_>>()?,
            posts: posts
                .into_iter()
                .map(PostRow::view)
                .collect::<sqlx::Result<_>>()?,
        })
    }

    /// The branch an open or closed party group belongs to, and whether it is closed.
    pub async fn group_branch(
        &self,
        group: PartyGroupId,
    ) -> sqlx::Result<Option<(BranchId, bool)>> {
        let row: Option<(String, Option<i64>)> =
            sqlx::query_as("SELECT branch_id, closed_at FROM party_groups WHERE id = $1")
                .bind(group.to_string())
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(b, closed)| Ok((id("branch id", &b)?, closed.is_some())))
            .transpose()
    }

    /// A new party group of an open branch; open groups' names are unique in it.
    pub async fn create_group(
        &self,
        branch: BranchId,
        name: &str,
        actor: &Actor,
        now: i64,
    ) -> RepoResult<PartyGroupId> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        open_branch(&mut tx, branch, "branch_id").await?;
        let group = insert_group(&mut tx, PartyGroupId::new(), branch, name, now).await?;
        let detail = json!({"branch_id": branch, "party_group_id": group, "name": name});
        audit::record(
            &mut *tx,
            now,
            actor,
            "party_group_created",
            Some(&branch.to_string()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(group)
    }

    /// Renames an open group. Events published for the group keep the name they were
    /// published with (model `party_group.rs`: the name is the audience).
    pub async fn rename_group(
        &self,
        group: PartyGroupId,
        name: &str,
        actor: &Actor,
        now: i64,
    ) -> RepoResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT branch_id, name FROM party_groups WHERE id = $1 AND closed_at IS NULL",
        )
        .bind(group.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((branch, before)) = row else {
            return Err(RepoError::NotFound);
        };
        let taken: Option<(String,)> = sqlx::query_as(
            "SELECT id FROM party_groups WHERE branch_id = $1 AND name = $2 AND closed_at IS NULL \
               AND id <> $3",
        )
        .bind(&branch)
        .bind(name)
        .bind(group.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Err(RepoError::field("name", ErrorCode::Conflict));
        }
        sqlx::query("UPDATE party_groups SET name = $2 WHERE id = $1")
            .bind(group.to_string())
            .bind(name)
            .execute(&mut *tx)
            .await?;
        let detail =
            json!({"branch_id": branch, "party_group_id": group, "before": before, "after": name});
        audit::record(
            &mut *tx,
            now,
            actor,
            "party_group_renamed",
            Some(&branch),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Closes a group: its members are in no group from now, its leader's term ends today.
    pub async fn close_group(
        &self,
        group: PartyGroupId,
        actor: &Actor,
        now: i64,
        today: NaiveDate,
    ) -> RepoResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT branch_id FROM party_groups WHERE id = $1 AND closed_at IS NULL",
        )
        .bind(group.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((branch,)) = row else {
            return Err(RepoError::NotFound);
        };
        sqlx::query("UPDATE party_groups SET closed_at = $2 WHERE id = $1")
            .bind(group.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE members SET party_group_id = NULL, updated_at = $2 WHERE party_group_id = $1",
        )
        .bind(group.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE posts SET until_date = $2 WHERE party_group_id = $1 AND until_date IS NULL",
        )
        .bind(group.to_string())
        .bind(ymd::format(today))
        .execute(&mut *tx)
        .await?;
        let detail = json!({"branch_id": branch, "party_group_id": group});
        audit::record(
            &mut *tx,
            now,
            actor,
            "party_group_closed",
            Some(&branch),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The branch a post term is in.
    pub async fn post_branch(&self, post: PostId) -> sqlx::Result<Option<(BranchId, Post)>> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT branch_id, post FROM posts WHERE id = $1")
                .bind(post.to_string())
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(b, p)| {
            Ok((
                id("branch id", &b)?,
                Post::parse(&p).ok_or_else(|| corrupt("post", &p))?,
            ))
        })
        .transpose()
    }

    /// A member of the branch takes a post from a date. A single post (书记, a group's
    /// 党小组长) already held on that date by someone else is a conflict on `post`.
    pub async fn appoint(
        &self,
        branch: BranchId,
        a: &Appointment,
        actor: &Actor,
        now: i64,
        today: NaiveDate,
    ) -> RepoResult<PostId> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        open_branch(&mut tx, branch, "branch_id").await?;
        member_of(&mut tx, a.member_id, branch).await?;
        if let Some(g) = a.party_group_id {
            open_group_of(&mut tx, g, branch).await?;
        }
        let from = ymd::format(a.from);
        let held: Option<(String,)> = sqlx::query_as(
            "SELECT member_id FROM posts WHERE branch_id = $1 AND post = $2 \
               AND ($3 IS NULL OR party_group_id = $3) \
               AND (until_date IS NULL OR until_date > $4) \
               AND ($5 OR member_id = $6)",
        )
        .bind(branch.to_string())
        .bind(a.post.as_str())
        .bind(a.party_group_id.map(|g| g.to_string()))
        .bind(&from)
        .bind(a.post.is_single())
        .bind(a.member_id.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        if held.is_some() {
            return Err(RepoError::field("post", ErrorCode::Conflict));
        }
        let post = PostId::new();
        insert_post(
            &mut tx,
            post,
            a.member_id,
            branch,
            a.post,
            a.party_group_id,
            &from,
            now,
        )
        .await?;
        refresh_role(&mut tx, a.member_id, today, now).await?;
        let detail = json!({
            "branch_id": branch, "member_id": a.member_id, "post": a.post.as_str(),
            "party_group_id": a.party_group_id, "from": from,
        });
        audit::record(
            &mut *tx,
            now,
            actor,
            "post_appointed",
            Some(&a.member_id.to_string()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(post)
    }

    /// Ends a term held now: `until` is the first day it is no longer held.
    pub async fn end_post(
        &self,
        post: PostId,
        until: NaiveDate,
        actor: &Actor,
        now: i64,
        today: NaiveDate,
    ) -> RepoResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let row: Option<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT member_id, branch_id, from_date, until_date FROM posts WHERE id = $1",
        )
        .bind(post.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((member, branch, from, until_before)) = row else {
            return Err(RepoError::NotFound);
        };
        if until_before.is_some() {
            return Err(RepoError::field("until", ErrorCode::Conflict));
        }
        let until = ymd::format(until);
        // Ending on its first day leaves an empty term: an appointment made by mistake.
        if from.as_deref().is_some_and(|f| f > until.as_str()) {
            return Err(RepoError::field("until", ErrorCode::OutOfRange));
        }
        sqlx::query("UPDATE posts SET until_date = $2 WHERE id = $1")
            .bind(post.to_string())
            .bind(&until)
            .execute(&mut *tx)
            .await?;
        let member_id: MemberId = id("member id", &member)?;
        refresh_role(&mut tx, member_id, today, now).await?;
        let detail =
            json!({"branch_id": branch, "member_id": member, "post_id": post, "until": until});
        audit::record(&mut *tx, now, actor, "post_ended", Some(&member), &detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// 换届: from `date` the branch committee is exactly `posts`. Committee terms held
    /// then end that day (terms begun after it are out of range on `date`); group
    /// leaders stay. Every member concerned gets their role in step.
    pub async fn elect(
        &self,
        branch: BranchId,
        date: NaiveDate,
        posts: &[(MemberId, Post)],
        actor: &Actor,
        now: i64,
        today: NaiveDate,
    ) -> RepoResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        open_branch(&mut tx, branch, "branch_id").await?;
        for (member, _) in posts {
            member_of(&mut tx, *member, branch).await?;
        }
        let day = ymd::format(date);
        let current: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT member_id, from_date FROM posts WHERE branch_id = $1 \
               AND post <> 'group_leader' AND until_date IS NULL",
        )
        .bind(branch.to_string())
        .fetch_all(&mut *tx)
        .await?;
        if current
            .iter()
            .any(|(_, from)| from.as_deref().is_some_and(|f| f > day.as_str()))
        {
            return Err(RepoError::field("date", ErrorCode::OutOfRange));
        }
        sqlx::query(
            "UPDATE posts SET until_date = $2 WHERE branch_id = $1 \
               AND post <> 'group_leader' AND until_date IS NULL",
        )
        .bind(branch.to_string())
        .bind(&day)
        .execute(&mut *tx)
        .await?;
        for (member, post) in posts {
            insert_post(
                &mut tx,
                PostId::new(),
                *member,
                branch,
                *post,
                None,
                &day,
                now,
            )
            .await?;
        }
        let mut concerned: Vec<String> = current.into_iter().map(|(m, _)| m).collect();
        concerned.extend(posts.iter().map(|(m, _)| m.to_string()));
        concerned.sort();
        concerned.dedup();
        for member in &concerned {
            refresh_role(&mut tx, id("member id", member)?, today, now).await?;
        }
        let detail = json!({
            "branch_id": branch, "date": day,
            "posts": posts.iter().map(|(m, p)| json!({"member_id": m, "post": p.as_str()})).collect::<Vec<_>>(),
        });
        audit::record(
            &mut *tx,
            now,
            actor,
            "committee_elected",
            Some(&branch.to_string()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Refuses a member who is not an active member of `branch` (`member_id` not found).
pub(super) async fn member_of(
    conn: &mut SqliteConnection,
    member: MemberId,
    branch: BranchId,
) -> RepoResult<()> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM members WHERE id = $1 AND branch_id = $2 AND status = 'active' \
           AND role <> 'admin'",
    )
    .bind(member.to_string())
    .bind(branch.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(drop)
        .ok_or_else(|| RepoError::field("member_id", ErrorCode::NotFound))
}

pub(super) async fn insert_group(
    conn: &mut SqliteConnection,
    group: PartyGroupId,
    branch: BranchId,
    name: &str,
    now: i64,
) -> RepoResult<PartyGroupId> {
    let taken: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM party_groups WHERE branch_id = $1 AND name = $2 AND closed_at IS NULL",
    )
    .bind(branch.to_string())
    .bind(name)
    .fetch_optional(&mut *conn)
    .await?;
    if taken.is_some() {
        return Err(RepoError::field("name", ErrorCode::Conflict));
    }
    sqlx::query(
        "INSERT INTO party_groups (id, branch_id, name, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(group.to_string())
    .bind(branch.to_string())
    .bind(name)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(group)
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_post(
    conn: &mut SqliteConnection,
    post: PostId,
    member: MemberId,
    branch: BranchId,
    what: Post,
    group: Option<PartyGroupId>,
    from: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO posts (id, member_id, branch_id, party_group_id, post, from_date, \
             until_date, created_at) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)",
    )
    .bind(post.to_string())
    .bind(member.to_string())
    .bind(branch.to_string())
    .bind(group.map(|g| g.to_string()))
    .bind(what.as_str())
    .bind(from)
    .bind(now)
    .execute(conn)
    .await
    .map(drop)
}
