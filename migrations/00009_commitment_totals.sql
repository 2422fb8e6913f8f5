-- Per-party totals of the commitment register (issue 5 performance): for each dialogue, party and
-- progress level of the assessment in force, how many commitments bind the party (bound), how
-- many of those score it (assessed) and how (full +1, partial 0, non -1). Derived data, kept by
-- the store in the same transaction as every change to a commitment's progress, parties or
-- scores, so the register's per-party summary reads a handful of rows instead of aggregating every
-- commitment_parties row. Rows may fall to zero; readers skip parties whose bound sum is 0.
-- Filled here from the existing commitments. Portable between SQLite and PostgreSQL.

-- +goose Up
CREATE TABLE commitment_party_totals (
    dialogue_id TEXT NOT NULL REFERENCES dialogues(id) ON DELETE CASCADE,
    party TEXT NOT NULL,
    progress TEXT NOT NULL,
    bound INTEGER NOT NULL DEFAULT 0,
    assessed INTEGER NOT NULL DEFAULT 0,
    full_count INTEGER NOT NULL DEFAULT 0,
    partial_count INTEGER NOT NULL DEFAULT 0,
    non_count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (dialogue_id, party, progress)
);

INSERT INTO commitment_party_totals (dialogue_id, party, progress, bound, assessed, full_count, partial_count, non_count)
SELECT c.dialogue_id, cp.party, c.progress, COUNT(*), COUNT(cp.score),
       SUM(CASE WHEN cp.score = 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN cp.score = 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN cp.score = -1 THEN 1 ELSE 0 END)
FROM commitment_parties cp JOIN commitments c ON c.id = cp.commitment_id
GROUP BY c.dialogue_id, cp.party, c.progress;

-- The overdue filter's summary still aggregates the commitments: covering indexes let it read
-- two indexes instead of both tables (15 → 7 ms at 10,000 commitments in SQLite).
CREATE INDEX commitments_dialogue_due_idx ON commitments (dialogue_id, due_date, progress, id);
CREATE INDEX commitment_parties_score_idx ON commitment_parties (commitment_id, party, score);

-- +goose Down
DROP INDEX commitment_parties_score_idx;
DROP INDEX commitments_dialogue_due_idx;
DROP TABLE commitment_party_totals;
