-- The organisation's tree, members over their life, posts with dates, activation codes
-- (docs/ARCHITECTURE.md, "The organisation"). Portable like 0001: the backfills below
-- take their ids from existing rows' UUIDs rather than from a random function, so the
-- PostgreSQL folder can write the same statements.

-- The organisation (机关党委): one row, made by `zhibu-server admin init` or the demo.
CREATE TABLE organisation (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- 党总支: an optional level between the organisation and some of its branches.
CREATE TABLE general_branches (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

ALTER TABLE branches ADD COLUMN general_branch_id TEXT NULL REFERENCES general_branches (id);
-- A closed branch keeps its history and takes no more changes (YYYY-MM-DD).
ALTER TABLE branches ADD COLUMN closed_on TEXT NULL;
ALTER TABLE branches ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;

-- 党小组: groups of a branch. Open groups' names are unique in their branch, because an
-- event's audience names its group (model: party_group.rs).
CREATE TABLE party_groups (
    id TEXT PRIMARY KEY NOT NULL,
    branch_id TEXT NOT NULL REFERENCES branches (id),
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    closed_at INTEGER NULL
);

CREATE UNIQUE INDEX party_groups_open_name ON party_groups (branch_id, name)
    WHERE closed_at IS NULL;

-- Each group named on a member becomes a row; its id is its first member's (unique, as a
-- member is in one group).
INSERT INTO party_groups (id, branch_id, name, created_at)
SELECT MIN(id), branch_id, party_group, MIN(created_at) FROM members
WHERE party_group IS NOT NULL AND branch_id IS NOT NULL
GROUP BY branch_id, party_group;

ALTER TABLE members ADD COLUMN party_group_id TEXT NULL REFERENCES party_groups (id);

UPDATE members SET party_group_id = (
    SELECT g.id FROM party_groups g
    WHERE g.branch_id = members.branch_id AND g.name = members.party_group
) WHERE party_group IS NOT NULL;

ALTER TABLE members DROP COLUMN party_group;

-- What the roster keeps of a member (minimum necessary: no ID-card number). Dates are
-- YYYY-MM-DD.
ALTER TABLE members ADD COLUMN gender TEXT NULL CHECK (gender IN ('male', 'female'));
ALTER TABLE members ADD COLUMN born_on TEXT NULL;
-- 转正日期
ALTER TABLE members ADD COLUMN full_member_on TEXT NULL;
-- 正式党员 / 预备党员
ALTER TABLE members ADD COLUMN category TEXT NOT NULL DEFAULT 'full'
    CHECK (category IN ('full', 'probationary'));
ALTER TABLE members ADD COLUMN mobile TEXT NULL;
-- A member who left (转出 outside the organisation, 停止党籍, 去世) keeps their row and
-- records, cannot log in, and counts in their branch's figures up to `left_on`.
ALTER TABLE members ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'transferred_out', 'stopped', 'deceased'));
ALTER TABLE members ADD COLUMN left_on TEXT NULL;
-- Bumped whenever what the member may pull changes (branch, role): a phone holding
-- another version drops its rows and pulls from the start.
ALTER TABLE members ADD COLUMN scope_version INTEGER NOT NULL DEFAULT 0;

CREATE INDEX members_display_name ON members (display_name);

-- Which branch a member belonged to when: a branch's figures for a day count the
-- members whose membership covers it. `from_date` NULL: since before the portal knew;
-- `until_date` (exclusive) NULL: still.
CREATE TABLE memberships (
    id TEXT PRIMARY KEY NOT NULL,
    member_id TEXT NOT NULL REFERENCES members (id),
    branch_id TEXT NOT NULL REFERENCES branches (id),
    from_date TEXT NULL,
    until_date TEXT NULL,
    created_at INTEGER NOT NULL
);

CREATE INDEX memberships_member ON memberships (member_id);
CREATE INDEX memberships_branch ON memberships (branch_id);

INSERT INTO memberships (id, member_id, branch_id, from_date, until_date, created_at)
SELECT id, id, branch_id, NULL, NULL, created_at FROM members WHERE branch_id IS NOT NULL;

-- Posts with dates (书记, 副书记, 组织委员, 宣传委员, 纪检委员, 委员, 党小组长). A session's
-- role follows the current ones (members.role is kept in step: model org/post.rs).
CREATE TABLE posts (
    id TEXT PRIMARY KEY NOT NULL,
    member_id TEXT NOT NULL REFERENCES members (id),
    branch_id TEXT NOT NULL REFERENCES branches (id),
    party_group_id TEXT NULL REFERENCES party_groups (id),
    post TEXT NOT NULL CHECK (post IN ('secretary', 'deputy_secretary', 'organisation',
        'propaganda', 'discipline', 'committee_member', 'group_leader')),
    from_date TEXT NULL,
    until_date TEXT NULL,
    created_at INTEGER NOT NULL
);

CREATE INDEX posts_member ON posts (member_id);
CREATE INDEX posts_branch ON posts (branch_id);

INSERT INTO posts (id, member_id, branch_id, party_group_id, post, from_date, until_date,
    created_at)
SELECT id, id, branch_id, NULL,
    CASE role WHEN 'secretary' THEN 'secretary' ELSE 'committee_member' END,
    NULL, NULL, created_at
FROM members WHERE role IN ('secretary', 'committee') AND branch_id IS NOT NULL;

-- One-time activation codes: one per member at most (a new one replaces it), only the
-- SHA-256 of the code stored. While a member has no password, `password_hash` is ''.
CREATE TABLE activation_codes (
    member_id TEXT PRIMARY KEY NOT NULL REFERENCES members (id),
    code_hash TEXT NOT NULL,
    issued_by TEXT NULL REFERENCES members (id),
    issued_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER NULL
);

-- The audit log says from which address, and which member or branch a change is about
-- (filtered on without reading the JSON detail).
ALTER TABLE audit_log ADD COLUMN addr TEXT NULL;
ALTER TABLE audit_log ADD COLUMN subject_id TEXT NULL;
CREATE INDEX audit_log_subject ON audit_log (subject_id, at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
CREATE INDEX audit_log_action ON audit_log (action, at);
