-- Minutes of sessions (current state + every saved revision) and confidence-building
-- commitments with their assessment history. Portable between SQLite and PostgreSQL: text
-- UUIDv7 ids, TIMESTAMP in UTC, civil dates as 'YYYY-MM-DD' text, documents and lists as JSON
-- in text.

-- +goose Up
-- The current minutes of a session; seq is the optimistic-lock counter (every saved state).
CREATE TABLE minutes (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    dialogue_id TEXT NOT NULL REFERENCES dialogues(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    document TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX minutes_dialogue_idx ON minutes (dialogue_id);

-- Every saved state (edit or workflow step), append-only: who, when, which action, the document.
CREATE TABLE minutes_revisions (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    action TEXT NOT NULL,
    document TEXT NOT NULL,
    author_id TEXT NOT NULL,
    author_org_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (session_id, seq)
);

CREATE TABLE commitments (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    dialogue_id TEXT NOT NULL REFERENCES dialogues(id) ON DELETE CASCADE,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    action_item_id TEXT NOT NULL DEFAULT '',
    title_en TEXT NOT NULL DEFAULT '',
    title_zh TEXT NOT NULL DEFAULT '',
    text_en TEXT NOT NULL DEFAULT '',
    text_zh TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    due_date TEXT NOT NULL DEFAULT '',
    verifiability TEXT NOT NULL,
    progress TEXT NOT NULL DEFAULT '',
    stage TEXT NOT NULL DEFAULT '',
    assessed_at TIMESTAMP NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX commitments_dialogue_idx ON commitments (dialogue_id, id);
CREATE INDEX commitments_due_idx ON commitments (due_date, id);

-- The parties bound by a commitment (a side "US"/"CN" or a convening organization id), with the
-- compliance score of the assessment in force (NULL: not scored).
CREATE TABLE commitment_parties (
    commitment_id TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    party TEXT NOT NULL,
    position INTEGER NOT NULL,
    score INTEGER NULL,
    PRIMARY KEY (commitment_id, party)
);
CREATE INDEX commitment_parties_party_idx ON commitment_parties (party, commitment_id);

-- Assessments are append-only; a recalibration is a new row that supersedes an earlier one.
CREATE TABLE commitment_assessments (
    id TEXT PRIMARY KEY,
    commitment_id TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    stage TEXT NOT NULL,
    progress TEXT NOT NULL,
    compliance TEXT NOT NULL DEFAULT '[]',
    evidence TEXT NOT NULL,
    evidence_links TEXT NOT NULL DEFAULT '[]',
    assessor TEXT NOT NULL,
    assessed_at TIMESTAMP NOT NULL,
    supersedes TEXT NOT NULL DEFAULT '',
    recalibrate_reason TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX commitment_assessments_commitment_idx ON commitment_assessments (commitment_id, assessed_at);

-- +goose Down
DROP TABLE commitment_assessments;
DROP TABLE commitment_parties;
DROP TABLE commitments;
DROP TABLE minutes_revisions;
DROP TABLE minutes;
