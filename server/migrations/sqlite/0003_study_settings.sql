-- A branch's study settings and per-member waivers of the annual 学时 target. Portable
-- like 0001.

-- One row per branch that changed its settings; a branch without one uses the defaults
-- in the model crate (rules.rs). `study` is model::rules::StudySettings as JSON.
CREATE TABLE branch_settings (
    branch_id TEXT PRIMARY KEY NOT NULL REFERENCES branches (id),
    study TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Elderly or frail members' targets may be waived (党员教育管理工作条例 第二十三条).
ALTER TABLE members ADD COLUMN study_waived INTEGER NOT NULL DEFAULT 0;
