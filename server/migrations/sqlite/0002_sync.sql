-- The sync store (docs/ARCHITECTURE.md, "The sync contract"). Portable like 0001.

-- One row: the last revision handed out. Writers bump it first in their transaction,
-- which serialises them, so revisions become visible in order and a pull cursor never
-- skips a row that commits late.
CREATE TABLE sync_counter (
    id INTEGER PRIMARY KEY NOT NULL,
    revision INTEGER NOT NULL
);
INSERT INTO sync_counter (id, revision) VALUES (1, 0);

-- Every synced record, its body as the model crate's JSON. A deletion keeps the row as a
-- tombstone (deleted = 1, body NULL) so that pulls can tell other devices.
CREATE TABLE records (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    owner_id TEXT NOT NULL REFERENCES members (id),
    branch_id TEXT NULL REFERENCES branches (id),
    -- 'own': only the owner sees it; 'branch': every member of branch_id does.
    scope TEXT NOT NULL CHECK (scope IN ('own', 'branch')),
    revision INTEGER NOT NULL UNIQUE,
    deleted INTEGER NOT NULL DEFAULT 0,
    body TEXT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE INDEX records_owner_revision ON records (owner_id, revision);
CREATE INDEX records_branch_revision ON records (branch_id, scope, revision);
CREATE INDEX records_kind_branch ON records (kind, branch_id);

-- Every version a write replaced, so that nothing a member typed is lost to a later
-- write (last write wins on the record, never in the history). `conflict` marks versions
-- replaced by a write that had not seen them.
CREATE TABLE record_history (
    record_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    owner_id TEXT NOT NULL,
    deleted INTEGER NOT NULL,
    body TEXT NULL,
    replaced_at INTEGER NOT NULL,
    replaced_by_op TEXT NOT NULL,
    conflict INTEGER NOT NULL,
    PRIMARY KEY (record_id, revision)
);

-- The first answer to each operation, per member: a replay gets the same answer and
-- changes nothing.
CREATE TABLE sync_ops (
    member_id TEXT NOT NULL REFERENCES members (id),
    op_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (member_id, op_id)
);
