-- Pull pages served in revision order straight from indexes (docs/ARCHITECTURE.md, "The
-- pull path"). A pull reads one arm per way a member may see a record, each arm an index
-- walk in revision order, merged; without these, SQLite gathered every visible row above
-- the cursor and sorted them for a page of a few.

-- A reader's records in revision order: the record's revision, kept here by the triggers
-- below (SQLite's; a PostgreSQL migration brings its own).
ALTER TABLE record_readers ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
UPDATE record_readers
SET revision = COALESCE((SELECT revision FROM records WHERE records.id = record_readers.record_id), 0);
CREATE INDEX record_readers_member_revision ON record_readers (member_id, revision);
-- Its (member_id) prefix serves every lookup the old index did.
DROP INDEX record_readers_member;

-- A reader is added after its record's version is written, in the same transaction.
CREATE TRIGGER record_readers_revision_on_insert AFTER INSERT ON record_readers
BEGIN
    UPDATE record_readers
    SET revision = (SELECT revision FROM records WHERE records.id = NEW.record_id)
    WHERE record_id = NEW.record_id AND member_id = NEW.member_id;
END;

-- Each later version reaches its readers too.
CREATE TRIGGER record_readers_revision_on_update AFTER UPDATE OF revision ON records
BEGIN
    UPDATE record_readers SET revision = NEW.revision WHERE record_id = NEW.id;
END;

-- A manager's pull of the branch's talks, RSVPs and check-ins, one kind per arm; the
-- (kind, branch_id) prefix serves what the old index did.
CREATE INDEX records_kind_branch_revision ON records (kind, branch_id, revision);
DROP INDEX records_kind_branch;
