-- Talk records (docs/ARCHITECTURE.md, "Talk records"). Portable like 0001.

-- The record a record answers (a talk confirmation's talk), so the push writer reads a
-- talk's confirmations together with the talk.
ALTER TABLE records ADD COLUMN ref_id TEXT NULL;
CREATE INDEX records_ref ON records (ref_id);

-- Members other than the owner who may read a record of scope 'own' (a talk's member
-- counterparts; a confirmation's talk writer). Only ever added to: a member named once
-- also receives the record's later versions and its deletion.
CREATE TABLE record_readers (
    record_id TEXT NOT NULL,
    member_id TEXT NOT NULL REFERENCES members (id),
    PRIMARY KEY (record_id, member_id)
);

CREATE INDEX record_readers_member ON record_readers (member_id, record_id);
