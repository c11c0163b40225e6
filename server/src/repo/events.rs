//! Branch activities: a branch's event settings, the records the compliance view, the
//! study credit and the calendar feed read, members' calendar feeds and 政治生日.

use super::branch_settings::Slot;
use super::{Repo, StoredRecord};
use sqlx::FromRow;
use zhibu_model::event_settings::EventSettings;
use zhibu_model::{BranchId, MemberId};

const ACTIVITIES: Slot = Slot {
    table: "branch_event_settings",
    column: "settings",
    action: "event_settings_changed",
};

/// A member whose 政治生日 the branch calendar may show.
#[derive(Clone, Debug, FromRow)]
pub struct JoinedMember {
    pub id: String,
    pub display_name: String,
    pub joined_party_on: String,
}

/// The member a calendar feed belongs to.
#[derive(Clone, Debug, FromRow)]
pub struct FeedOwner {
    pub member_id: String,
    pub branch_id: Option<String>,
    pub branch_name: Option<String>,
    pub role: String,
    pub party_group: Option<String>,
}

impl Repo {
    /// The branch's event settings; the defaults when it never changed them.
    pub async fn event_settings(&self, branch: BranchId) -> sqlx::Result<EventSettings> {
        self.branch_settings(&ACTIVITIES, branch).await
    }

    /// Stores the branch's event settings and audits the change.
    pub async fn set_event_settings(
        &self,
        branch: BranchId,
        settings: &EventSettings,
        actor: &super::Actor,
        now: i64,
    ) -> sqlx::Result<()> {
        self.set_branch_settings(&ACTIVITIES, branch, settings, actor, now)
            .await
    }

    /// Live records of one kind stored under a branch (events, sheets, check-ins …).
    pub async fn branch_records(
        &self,
        branch: BranchId,
        kind: &str,
    ) -> sqlx::Result<Vec<StoredRecord>> {
        sqlx::query_as(
            "SELECT id, kind, owner_id, branch_id, scope, revision, deleted, body, ref_id \
             FROM records WHERE kind = $1 AND branch_id = $2 AND deleted = 0 ORDER BY revision",
        )
        .bind(kind)
        .bind(branch.to_string())
        .fetch_all(&self.pool)
        .await
    }

    /// One record, live or not.
    pub async fn record(&self, id: &str) -> sqlx::Result<Option<StoredRecord>> {
        sqlx::query_as(
            "SELECT id, kind, owner_id, branch_id, scope, revision, deleted, body, ref_id \
             FROM records WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
    }

    /// Replaces the member's calendar feed token (only its hash is stored).
    pub async fn set_calendar_feed(
        &self,
        member: MemberId,
        token_hash: &str,
        now: i64,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO calendar_feeds (member_id, token_hash, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (member_id) DO UPDATE SET token_hash = excluded.token_hash, \
                 created_at = excluded.created_at",
        )
        .bind(member.to_string())
        .bind(token_hash)
        .bind(now)
        .execute(&self.pool)
        .await
        .map(drop)
    }

    /// Revokes the member's calendar feed; `false` when there was none.
    pub async fn delete_calendar_feed(&self, member: MemberId) -> sqlx::Result<bool> {
        let done = sqlx::query("DELETE FROM calendar_feeds WHERE member_id = $1")
            .bind(member.to_string())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Whose feed a token hash opens.
    pub async fn calendar_feed_owner(&self, token_hash: &str) -> sqlx::Result<Option<FeedOwner>> {
        sqlx::query_as(
            "SELECT m.id AS member_id, m.branch_id, b.name AS branch_name, m.role, \
                    g.name AS party_group \
             FROM calendar_feeds f JOIN members m ON m.id = f.member_id \
             LEFT JOIN branches b ON b.id = m.branch_id \
             LEFT JOIN party_groups g ON g.id = m.party_group_id \
             WHERE f.token_hash = $1 AND m.status = 'active'",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
    }

    /// The branch's members with a joining date who did not hide their 政治生日.
    pub async fn political_birthdays(&self, branch: BranchId) -> sqlx::Result<Vec<JoinedMember>> {
        sqlx::query_as(
            "SELECT id, display_name, joined_party_on FROM members \
             WHERE branch_id = $1 AND role <> 'admin' AND status = 'active' \
               AND joined_party_on IS NOT NULL \
               AND hide_political_birthday = 0 ORDER BY login",
        )
        .bind(branch.to_string())
        .fetch_all(&self.pool)
        .await
    }

    pub async fn set_political_birthday_hidden(
        &self,
        member: MemberId,
        hidden: bool,
        now: i64,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "UPDATE members SET hide_political_birthday = $2, updated_at = $3 WHERE id = $1",
        )
        .bind(member.to_string())
        .bind(hidden)
        .bind(now)
        .execute(&self.pool)
        .await
        .map(drop)
    }

    pub async fn political_birthday_hidden(&self, member: MemberId) -> sqlx::Result<bool> {
        let row: Option<(bool,)> =
            sqlx::query_as("SELECT hide_political_birthday FROM members WHERE id = $1")
                .bind(member.to_string())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.is_some_and(|(h,)| h))
    }

    /// The branch's members for the attendance sheet: `(id, display name, role, party
    /// group)`, by name in pinyin order.
    pub async fn branch_roster(
        &self,
        branch: BranchId,
    ) -> sqlx::Result<Vec<(String, String, String, Option<String>)>> {
        sqlx::query_as(
            "SELECT m.id, m.display_name, m.role, g.name AS party_group FROM members m \
             LEFT JOIN party_groups g ON g.id = m.party_group_id \
             WHERE m.branch_id = $1 AND m.role <> 'admin' AND m.status = 'active'",
        )
        .bind(branch.to_string())
        .fetch_all(&self.pool)
        .await
        .map(
            |mut roster: Vec<(String, String, String, Option<String>)>| {
                crate::name_order::sort_by_name(&mut roster, |m| &m.1);
                roster
            },
        )
    }

    /// The member's party group (党小组), if any.
    pub async fn party_group(&self, member: MemberId) -> sqlx::Result<Option<String>> {
        let row: Option<(Option<String>,)> = sqlx::query_as(
            "SELECT g.name FROM members m JOIN party_groups g ON g.id = m.party_group_id \
                 WHERE m.id = $1",
        )
        .bind(member.to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|(g,)| g))
    }
}
