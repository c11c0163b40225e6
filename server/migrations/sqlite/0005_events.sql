-- Branch activities (docs/ARCHITECTURE.md, "Branch activities"). Portable like 0001.
-- Events, RSVPs, leave decisions, attendance sheets and check-ins are sync records
-- (kinds event, event_rsvp, event_leave_decision, event_attendance, event_check_in).

-- A branch's activity settings: model::event_settings::EventSettings as JSON (self
-- check-in, off by default; the branch's own 三会一课 requirements). No row: defaults.
CREATE TABLE branch_event_settings (
    branch_id TEXT PRIMARY KEY NOT NULL REFERENCES branches (id),
    settings TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- A member's private calendar feed: only the SHA-256 of its token is stored; one live
-- feed per member (a new one replaces it, deleting the row revokes it).
CREATE TABLE calendar_feeds (
    member_id TEXT PRIMARY KEY NOT NULL REFERENCES members (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

-- The party group (党小组) a member belongs to, for events whose audience is one group.
ALTER TABLE members ADD COLUMN party_group TEXT NULL;
-- A member may keep their 政治生日 off the branch calendar.
ALTER TABLE members ADD COLUMN hide_political_birthday INTEGER NOT NULL DEFAULT 0;
