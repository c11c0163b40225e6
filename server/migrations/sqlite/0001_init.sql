-- zhibu's first schema (SQLite). Portable on purpose, so the PostgreSQL folder can mirror
-- it: TEXT UUIDv7 ids, INTEGER unix-millisecond timestamps, no SQLite-only functions.

CREATE TABLE branches (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE members (
    id TEXT PRIMARY KEY NOT NULL,
    login TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    -- NULL for accounts outside any branch (the organisation's admins).
    branch_id TEXT NULL REFERENCES branches (id),
    role TEXT NOT NULL CHECK (role IN ('member', 'committee', 'secretary', 'admin')),
    -- 入党日期, YYYY-MM-DD.
    joined_party_on TEXT NULL,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE INDEX members_branch ON members (branch_id);

-- Only the SHA-256 of a session token is stored: a copy of this table logs nobody in.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    member_id TEXT NOT NULL REFERENCES members (id),
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER NULL
);

CREATE INDEX sessions_member ON sessions (member_id);

-- One row per failed login, under `login:<name>` and `addr:<ip>`; rows older than the
-- counting window are pruned.
CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);

CREATE INDEX login_failures_key_at ON login_failures (key, at);
CREATE INDEX login_failures_at ON login_failures (at);

-- Who did what, append-only. `detail` is JSON and never holds a password.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    at INTEGER NOT NULL,
    actor_id TEXT NULL REFERENCES members (id),
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);

CREATE INDEX audit_log_at ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
