-- Pledges (docs/ARCHITECTURE.md, "Pledges"). Templates, versions and 践诺 entries are
-- records of the sync store; a signed version's text, hash, signature and both times live
-- in its body.
--
-- A signed pledge version never changes. The push writer refuses it (sync/pledges.rs);
-- these triggers refuse it again in the database, so no other code path (a later bug, a
-- maintenance script) can overwrite or remove one. SQLite syntax: this folder is
-- SQLite's; a PostgreSQL folder would write the same rule as a trigger function. Anyone
-- who can drop the triggers can still edit the file; the stored hash is what reveals that
-- (GET /api/v1/pledges/{id}/verify).
CREATE TRIGGER records_signed_pledge_never_updated
BEFORE UPDATE ON records
WHEN OLD.kind = 'pledge' AND OLD.deleted = 0
  AND json_extract(OLD.body, '$.data.signed') IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed pledge version never changes');
END;

CREATE TRIGGER records_signed_pledge_never_deleted
BEFORE DELETE ON records
WHEN OLD.kind = 'pledge' AND OLD.deleted = 0
  AND json_extract(OLD.body, '$.data.signed') IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed pledge version is never deleted');
END;
