//! Members over their life: added to a branch (without a password: an activation code
//! sets it), edited, searched, transferred inside the organisation from a date, and
//! deactivated from a date. Memberships keep where each member belonged when, so a
//! branch's figures for a day count exactly the members it had that day.

use super::activation::{end_sessions, put_code};
use super::audit::{self, Actor};
use super::org::{date, id, member_of, open_branch, open_group_of, refresh_role};
use super::{Repo, RepoError, RepoResult};
use chrono::NaiveDate;
use serde_json::json;
use sqlx::{FromRow, SqliteConnection};
use zhibu_model::ids::PartyGroupId;
use zhibu_model::org::member::{Category, Gender, MemberStatus, Person};
use zhibu_model::org::post::{Post, Term};
use zhibu_model::org::views::{MemberDetail, MemberSummary, MembershipView};
use zhibu_model::{BranchId, ErrorCode, MemberId, Role, ymd};

/// A member to add (the form, or an imported row).
#[derive(Clone, Debug)]
pub struct NewRosterMember {
    pub id: MemberId,
    pub login: String,
    pub person: Person,
    pub branch: BranchId,
    pub group: Option<PartyGroupId>,
    /// A post from the roster's 党内职务, held from the import's day.
    pub post: Option<Post>,
}

/// `GET /api/v1/org/members`' query, already scoped by the caller's rights.
#[derive(Clone, Debug, Default)]
pub struct MemberSearch {
    /// Part of a name or login.
    pub q: Option<String>,
    pub branch: Option<BranchId>,
    pub status: Option<MemberStatus>,
    pub limit: i64,
    pub offset: i64,
}

/// A member's row as the organisation's pages read it.
#[derive(Clone, Debug, FromRow)]
pub struct PersonRow {
    id: String,
    login: String,
    display_name: String,
    role: String,
    status: String,
    branch_id: Option<String>,
    branch_name: Option<String>,
    party_group_id: Option<String>,
    party_group: Option<String>,
    activated: bool,
    mobile: Option<String>,
    gender: Option<String>,
    born_on: Option<String>,
    joined_party_on: Option<String>,
    full_member_on: Option<String>,
    category: String,
    left_on: Option<String>,
}

const PERSON_COLUMNS: &str = "m.id, m.login, m.display_name, m.role, m.status, m.branch_id, \
    b.name AS branch_name, m.party_group_id, g.name AS party_group, \
    (m.password_hash <> '') AS activated, m.mobile, m.gender, m.born_on, m.joined_party_on, \
    m.full_member_on, m.category, m.left_on";

const PERSON_FROM: &str = "FROM members m LEFT JOIN branches b ON b.id = m.branch_id \
    LEFT JOIN party_groups g ON g.id = m.party_group_id";

fn corrupt(what: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("members: invalid {what} {value:?}").into())
}

impl PersonRow {
    fn summary(&self) -> sqlx::Result<MemberSummary> {
        Ok(MemberSummary {
            id: id("member id", &self.id)?,
            login: self.login.clone(),
            display_name: self.display_name.clone(),
            role: Role::parse(&self.role).ok_or_else(|| corrupt("role", &self.role))?,
            status: MemberStatus::parse(&self.status)
                .ok_or_else(|| corrupt("status", &self.status))?,
            branch_id: self
                .branch_id
                .as_deref()
                .map(|b| id("branch id", b))
                .transpose()?,
            branch_name: self.branch_name.clone(),
            party_group: self.party_group.clone(),
            activated: self.activated,
        })
    }

    /// The member's id, login and branch, for the access checks.
    pub fn place(&self) -> sqlx::Result<(MemberId, Option<BranchId>, Role)> {
        let s = self.summary()?;
        Ok((s.id, s.branch_id, s.role))
    }

    fn detail(self) -> sqlx::Result<MemberDetail> {
        Ok(MemberDetail {
            summary: self.summary()?,
            mobile: self.mobile,
            gender: self.gender.as_deref().and_then(Gender::parse),
            born_on: date("born_on", self.born_on.as_deref())?,
            joined_party_on: date("joined_party_on", self.joined_party_on.as_deref())?,
            full_member_on: date("full_member_on", self.full_member_on.as_deref())?,
            category: Category::parse(&self.category).unwrap_or_default(),
            party_group_id: self
                .party_group_id
                .as_deref()
                .map(|g| id("group id", g))
                .transpose()?,
            left_on: date("left_on", self.left_on.as_deref())?,
            memberships: Vec::new(),
            posts: Vec::new(),
        })
    }
}

pub(super) async fn login_taken(conn: &mut SqliteConnection, login: &str) -> sqlx::Result<bool> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM members WHERE login = $1")
        .bind(login)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

fn opt_date(d: Option<NaiveDate>) -> Option<String> {
    d.map(ymd::format)
}

/// Inserts a new member of an open branch, with their membership (since before the
/// portal knew: their records of earlier days count for the branch) and, from the
/// roster's 党内职务, a post from `today`.
pub(super) async fn insert_member(
    conn: &mut SqliteConnection,
    m: &NewRosterMember,
    now: i64,
    today: NaiveDate,
) -> RepoResult<()> {
    open_branch(conn, m.branch, "branch_id").await?;
    if let Some(g) = m.group {
        open_group_of(conn, g, m.branch).await?;
    }
    if login_taken(conn, &m.login).await? {
        return Err(RepoError::field("login", ErrorCode::Conflict));
    }
    let p = &m.person;
    sqlx::query(
        "INSERT INTO members (id, login, display_name, branch_id, role, joined_party_on, \
             password_hash, created_at, updated_at, party_group_id, gender, born_on, \
             full_member_on, category, mobile) \
         VALUES ($1, $2, $3, $4, 'member', $5, '', $6, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(m.id.to_string())
    .bind(&m.login)
    .bind(p.display_name.as_str())
    .bind(m.branch.to_string())
    .bind(opt_date(p.joined_party_on))
    .bind(now)
    .bind(m.group.map(|g| g.to_string()))
    .bind(p.gender.map(Gender::as_str))
    .bind(opt_date(p.born_on))
    .bind(opt_date(p.full_member_on))
    .bind(p.category.as_str())
    .bind(p.mobile.as_ref().map(|m| m.as_str()))
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO memberships (id, member_id, branch_id, from_date, until_date, created_at) \
         VALUES ($1, $2, $3, NULL, NULL, $4)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(m.id.to_string())
    .bind(m.branch.to_string())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if let Some(post) = m.post {
        let group = if post == Post::GroupLeader {
            m.group
        } else {
            None
        };
        super::org::insert_post(
            conn,
            zhibu_model::ids::PostId::new(),
            m.id,
            m.branch,
            post,
            group,
            &ymd::format(today),
            now,
        )
        .await?;
        refresh_role(conn, m.id, today, now).await?;
    }
    Ok(())
}

impl Repo {
    /// Adds a member with their first activation code (`code`: its hash and expiry).
    pub async fn add_member(
        &self,
        m: &NewRosterMember,
        code: (&str, i64),
        actor: &Actor,
        now: i64,
        today: NaiveDate,
    ) -> RepoResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        insert_member(&mut tx, m, now, today).await?;
        put_code(&mut tx, m.id, code.0, actor.id, now, code.1).await?;
        let detail = json!({
            "member_id": m.id, "login": m.login, "branch_id": m.branch,
            "display_name": m.person.display_name.as_str(),
        });
        audit::record(
            &mut *tx,
            now,
            actor,
            "member_added",
            Some(&m.id.to_string()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The member's row (any status), or `None`.
    pub async fn person(&self, member: MemberId) -> sqlx::Result<Option<PersonRow>> {
        sqlx::query_as(&format!(
            "SELECT {PERSON_COLUMNS} {PERSON_FROM} WHERE m.id = $1"
        ))
        .bind(member.to_string())
        .fetch_optional(&self.pool)
        .await
    }

    /// The roster entry with memberships (oldest first) and posts (newest first).
    pub async fn member_detail(&self, member: MemberId) -> RepoResult<MemberDetail> {
        let row = self.person(member).await?.ok_or(RepoError::NotFound)?;
        let mut detail = row.detail()?;
        let memberships: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT s.branch_id, b.name, s.from_date, s.until_date FROM memberships s \
             JOIN branches b ON b.id = s.branch_id WHERE s.member_id = $1 \
             ORDER BY s.from_date IS NOT NULL, s.from_date, s.created_at",
        )
        .bind(member.to_string())
        .fetch_all(&self.pool)
        .await?;
        for (branch, name, from, until) in memberships {
            detail.memberships.push(MembershipView {
                branch_id: id("branch id", &branch)?,
                branch_name: name,
                from: date("from_date", from.as_deref())?,
                until: date("until_date", until.as_deref())?,
            });
        }
        let posts: Vec<super::org::PostRow> = sqlx::query_as(&format!(
            "SELECT {} FROM posts p JOIN members m ON m.id = p.member_id WHERE p.member_id = $1 \
             ORDER BY p.until_date IS NOT NULL, p.until_date DESC, p.from_date DESC",
            super::org::POST_COLUMNS
        ))
        .bind(member.to_string())
        .fetch_all(&self.pool)
        .await?;
        for p in posts {
            detail.posts.push(p.view()?);
        }
        Ok(detail)
    }

    /// A page of members (never the administrators' accounts), by name in pinyin order, and how many
    /// match.
    pub async fn search_members(
        &self,
        s: &MemberSearch,
    ) -> sqlx::Result<(i64, Vec<MemberSummary>)> {
        let pattern = s.q.as_deref().map(|q| {
            let escaped = q
                .trim()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        });
        let lower = pattern.as_ref().map(|p| p.to_lowercase());
        const WHERE: &str = "WHERE m.role <> 'admin' \
               AND ($1 IS NULL OR m.display_name LIKE $1 ESCAPE '\\' OR m.login LIKE $2 ESCAPE '\\') \
               AND ($3 IS NULL OR m.branch_id = $3) \
               AND ($4 IS NULL OR m.status = $4)";
        let branch = s.branch.map(|b| b.to_string());
        let status = s.status.map(MemberStatus::as_str);
        let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM members m {WHERE}"))
            .bind(&pattern)
            .bind(&lower)
            .bind(&branch)
            .bind(status)
            .fetch_one(&self.pool)
            .await?;
        // Pinyin order is not SQLite's: the page is cut after sorting every match (an
        // organisation's few thousand members at most).
        let mut rows: Vec<PersonRow> =
            sqlx::query_as(&format!("SELECT {PERSON_COLUMNS} {PERSON_FROM} {WHERE}"))
                .bind(&pattern)
                .bind(&lower)
                .bind(&branch)
                .bind(status)
                .fetch_all(&self.pool)
                .await?;
        crate::name_order::sort_by_name(&mut rows, |r| &r.display_name);
        let members = rows
            .iter()
            .skip(usize::try_from(s.offset).unwrap_or(0))
            .take(usize::try_from(s.limit).unwrap_or(0))
            .map(PersonRow::summary)
            .collect::<sqlx::Result<_>>()?;
        Ok((total, members))
    }

    /// Edits an active member's roster entry and party group (one of their branch's).
    pub async fn edit_member(
        &self,
        member: MemberId,
        person: &Person,
        group: Option<PartyGroupId>,
        actor: &Actor,
        now: i64,
    ) -> RepoResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let row: Option<PersonRow> = sqlx::query_as(&format!(
            "SELECT {PERSON_COLUMNS} {PERSON_FROM} WHERE m.id = $1"
        ))
        .bind(member.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(before) = row.filter(|r| r.status == "active") else {
            return Err(RepoError::NotFound);
        };
        let branch: Option<BranchId> = before
            .branch_id
            .as_deref()
            .map(|b| id("branch id", b))
            .transpose()?;
        if let Some(g) = group {
            let Some(branch) = branch else {
                return Err(RepoError::field("party_group_id", ErrorCode::NotFound));
            };
            open_group_of(&mut tx, g, branch).await?;
        }
        sqlx::query(
            "UPDATE members SET display_name = $2, mobile = $3, gender = $4, born_on = $5, \
                 joined_party_on = $6, full_member_on = $7, category = $8, party_group_id = $9, \
                 updated_at = $10 WHERE id = $1",
        )
        .bind(member.to_string())
        .bind(person.display_name.as_str())
        .bind(person.mobile.as_ref().map(|m| m.as_str()))
        .bind(person.gender.map(Gender::as_str))
        .bind(opt_date(person.born_on))
        .bind(opt_date(person.joined_party_on))
        .bind(opt_date(person.full_member_on))
        .bind(person.category.as_str())
        .bind(group.map(|g| g.to_string()))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let detail = json!({
            "member_id": member,
            "before": {
                "display_name": before.display_name, "mobile": before.mobile,
                "gender": before.gender, "born_on": before.born_on,
                "joined_party_on": before.joined_party_on,
                "full_member_on": before.full_member_on, "category": before.category,
                "party_group_id": before.party_group_id,
            },
            "after": {
                "display_name": person.display_name.as_str(),
                "mobile": person.mobile.as_ref().map(|m| m.as_str()),
                "gender": person.gender.map(Gender::as_str),
                "born_on": opt_date(person.born_on),
                "joined_party_on": opt_date(person.joined_party_on),
                "full_member_on": opt_date(person.full_member_on),
                "category": person.category.as_str(), "party_group_id": group,
            },
        });
        audit::record(
            &mut *tx,
            now,
            actor,
            "member_edited",
            Some(&member.to_string()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// 组织关系转接 inside the organisation: from `date` the member counts for `to`.
    /// Their membership of the old branch ends that day (its figures before stay as
    /// they were), their posts there end, their role and scope version follow. Their
    /// own records are theirs wherever they are.
    #[allow(clippy::too_many_arguments)]
    pub async fn transfer(
        &self,
        member: MemberId,
        to: BranchId,
        date: NaiveDate,
        group: Option<PartyGroupId>,
        actor: &Actor,
        now: i64,
        today: NaiveDate,
    ) -> RepoResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let from_branch = current_branch(&mut tx, member).await?;
        if from_branch == to {
            return Err(RepoError::field("branch_id", ErrorCode::Conflict));
        }
        open_branch(&mut tx, to, "branch_id").await?;
        if let Some(g) = group {
            open_group_of(&mut tx, g, to).await?;
        }
        let day = ymd::format(date);
        end_membership(&mut tx, member, &day).await?;
        sqlx::query(
            "INSERT INTO memberships (id, member_id, branch_id, from_date, until_date, created_at) \
             VALUES ($1, $2, $3, $4, NULL, $5)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(member.to_string())
        .bind(to.to_string())
        .bind(&day)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE members SET branch_id = $2, party_group_id = $3, \
                 scope_version = scope_version + 1, updated_at = $4 WHERE id = $1",
        )
        .bind(member.to_string())
        .bind(to.to_string())
        .bind(group.map(|g| g.to_string()))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        end_posts(&mut tx, member, &day).await?;
        refresh_role(&mut tx, member, today, now).await?;
        let detail = json!({"member_id": member, "from": from_branch, "to": to, "date": day});
        audit::record(
            &mut *tx,
            now,
            actor,
            "member_transferred",
            Some(&member.to_string()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The member leaves the roll (转出, 停止党籍, 去世) from `date`: no login from now
    /// (sessions and any code end), their posts end, and they count for their branch up
    /// to the day before.
    pub async fn deactivate(
        &self,
        member: MemberId,
        status: MemberStatus,
        date: NaiveDate,
        actor: &Actor,
        now: i64,
    ) -> RepoResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let branch = current_branch(&mut tx, member).await?;
        let day = ymd::format(date);
        end_membership(&mut tx, member, &day).await?;
        end_posts(&mut tx, member, &day).await?;
        sqlx::query(
            "UPDATE members SET status = $2, left_on = $3, role = 'member', password_hash = '', \
                 scope_version = scope_version + 1, updated_at = $4 WHERE id = $1",
        )
        .bind(member.to_string())
        .bind(status.as_str())
        .bind(&day)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM activation_codes WHERE member_id = $1")
            .bind(member.to_string())
            .execute(&mut *tx)
            .await?;
        end_sessions(&mut tx, member, now).await?;
        let detail = json!({"member_id": member, "branch_id": branch, "status": status.as_str(), "date": day});
        audit::record(
            &mut *tx,
            now,
            actor,
            "member_deactivated",
            Some(&member.to_string()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Members (any status) whose membership of `branch` covers some day from `first` to
    /// `last`, each with the span they belonged (from inclusive, until exclusive).
    pub async fn branch_memberships(
        &self,
        branch: BranchId,
        first: NaiveDate,
        last: NaiveDate,
    ) -> sqlx::Result<Vec<(String, Option<NaiveDate>, Option<NaiveDate>)>> {
        let rows: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT member_id, from_date, until_date FROM memberships \
             WHERE branch_id = $1 AND (from_date IS NULL OR from_date <= $3) \
               AND (until_date IS NULL OR until_date > $2)",
        )
        .bind(branch.to_string())
        .bind(ymd::format(first))
        .bind(ymd::format(last))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(m, f, u)| {
                Ok((
                    m,
                    date("from_date", f.as_deref())?,
                    date("until_date", u.as_deref())?,
                ))
            })
            .collect()
    }
}

impl Repo {
    /// The posts held in `branch` on some day from `first` to `last`, with their terms:
    /// what a member was there at a past date (换届 keeps the old terms).
    pub async fn branch_posts(
        &self,
        branch: BranchId,
        first: NaiveDate,
        last: NaiveDate,
    ) -> sqlx::Result<Vec<(String, Post, Term)>> {
        let rows: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT member_id, post, from_date, until_date FROM posts \
             WHERE branch_id = $1 AND (from_date IS NULL OR from_date <= $3) \
               AND (until_date IS NULL OR until_date > $2)",
        )
        .bind(branch.to_string())
        .bind(ymd::format(first))
        .bind(ymd::format(last))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(m, post, f, u)| {
                let post = Post::parse(&post).ok_or_else(|| {
                    sqlx::Error::Decode(format!("member {m}: post {post:?}").into())
                })?;
                let term = Term {
                    from: date("from_date", f.as_deref())?,
                    until: date("until_date", u.as_deref())?,
                };
                Ok((m, post, term))
            })
            .collect()
    }
}

/// The active member's branch; not found for anyone else (and for the administrators,
/// who belong to none).
async fn current_branch(conn: &mut SqliteConnection, member: MemberId) -> RepoResult<BranchId> {
    let row: Option<(Option<String>,)> = sqlx::query_as(
        "SELECT branch_id FROM members WHERE id = $1 AND status = 'active' AND role <> 'admin'",
    )
    .bind(member.to_string())
    .fetch_optional(conn)
    .await?;
    match row {
        Some((Some(b),)) => Ok(id("branch id", &b)?),
        _ => Err(RepoError::NotFound),
    }
}

/// Ends the member's current membership on `day`; a day not after its start is out of
/// range on `date` (the membership would be empty).
async fn end_membership(
    conn: &mut SqliteConnection,
    member: MemberId,
    day: &str,
) -> RepoResult<()> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT id, from_date FROM memberships WHERE member_id = $1 AND until_date IS NULL",
    )
    .bind(member.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((membership, from)) = row else {
        return Ok(());
    };
    if from.as_deref().is_some_and(|f| f >= day) {
        return Err(RepoError::field("date", ErrorCode::OutOfRange));
    }
    sqlx::query("UPDATE memberships SET until_date = $2 WHERE id = $1")
        .bind(membership)
        .bind(day)
        .execute(conn)
        .await?;
    Ok(())
}

async fn end_posts(conn: &mut SqliteConnection, member: MemberId, day: &str) -> sqlx::Result<()> {
    // A term that would begin on or after the day never happened.
    sqlx::query(
        "UPDATE posts SET until_date = CASE WHEN from_date IS NOT NULL AND from_date >= $2 \
             THEN from_date ELSE $2 END \
         WHERE member_id = $1 AND until_date IS NULL",
    )
    .bind(member.to_string())
    .bind(day)
    .execute(conn)
    .await
    .map(drop)
}

#[allow(dead_code)]
pub(super) async fn still_member(
    conn: &mut SqliteConnection,
    member: MemberId,
    branch: BranchId,
) -> RepoResult<()> {
    member_of(conn, member, branch).await
}
