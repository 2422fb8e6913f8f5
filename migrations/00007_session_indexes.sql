-- Registry search by word prefix instead of a substring scan of the whole registry (issue 3
-- performance): one row per distinct search term of a participant (its Latin and native names,
-- employer and e-mail, lower-cased, diacritics removed, split into words; each Chinese, Japanese
-- or Korean character is a term of its own). Derived data: the store writes and deletes a
-- participant's terms in the same transaction as the participant (recomputing the old terms to
-- delete them by primary key). There is deliberately no foreign key and no second index: an import
-- of 10,000 participants writes some 90,000 term rows, and each further b-tree (an index on
-- participant_id, which ON DELETE CASCADE would need) costs a second per import on this machine.
-- The primary key serves the prefix lookups by organization. Portable between SQLite and PostgreSQL.

-- +goose Up
CREATE TABLE participant_terms (
    org_id TEXT NOT NULL,
    term TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    PRIMARY KEY (org_id, term, participant_id)
);

-- +goose Down
DROP TABLE participant_terms;
