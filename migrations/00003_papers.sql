-- Position papers: a call for papers per session, papers with authors and versions (files kept
-- in the file store under server-made keys), reviewer assignments with declared conflicts,
-- reviews and decisions. Portable between SQLite and PostgreSQL: text UUIDv7 ids, TIMESTAMP in
-- UTC, lists and score maps as JSON text.

-- +goose Up
-- One call for papers per session: deadline, whether a convener reopened it, blind review and
-- the review criteria (JSON list of {key, label, label_zh, max}).
CREATE TABLE paper_calls (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    dialogue_id TEXT NOT NULL REFERENCES dialogues(id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    deadline TIMESTAMP NOT NULL,
    reopened BOOLEAN NOT NULL DEFAULT FALSE,
    blind BOOLEAN NOT NULL DEFAULT FALSE,
    instructions TEXT NOT NULL DEFAULT '',
    instructions_zh TEXT NOT NULL DEFAULT '',
    criteria TEXT NOT NULL DEFAULT '[]',
    updated_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- A paper belongs to the organization that submitted it (org_id) and to a session; the
-- dialogue id is copied so the access check (active convener of the dialogue) needs no join.
CREATE TABLE papers (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    dialogue_id TEXT NOT NULL REFERENCES dialogues(id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    submitted_by TEXT NOT NULL REFERENCES users(id),
    title TEXT NOT NULL DEFAULT '',
    title_zh TEXT NOT NULL DEFAULT '',
    abstract TEXT NOT NULL DEFAULT '',
    abstract_zh TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL,
    keywords TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL,
    decision_note TEXT NOT NULL DEFAULT '',
    decided_at TIMESTAMP NULL,
    public_by_authors BOOLEAN NOT NULL DEFAULT FALSE,
    public_by_conveners BOOLEAN NOT NULL DEFAULT FALSE,
    current_version INTEGER NOT NULL DEFAULT 0,
    late BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX papers_session_idx ON papers (session_id, id);
CREATE INDEX papers_dialogue_idx ON papers (dialogue_id);
CREATE INDEX papers_org_idx ON papers (org_id, id);

-- Authors in order: a participant of the session (participant_id) with the name and
-- organization copied at submission.
CREATE TABLE paper_authors (
    id TEXT PRIMARY KEY,
    paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    participant_id TEXT NULL REFERENCES participants(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    name_native TEXT NOT NULL DEFAULT '',
    org_id TEXT NOT NULL REFERENCES organizations(id),
    email TEXT NOT NULL DEFAULT '',
    UNIQUE (paper_id, position)
);
CREATE INDEX paper_authors_paper_idx ON paper_authors (paper_id, position);

-- Versions: the file itself lives in the file store under storage_key (server-made). The row
-- is inserted only after the file was written, fsynced and renamed (R1). org_id is the
-- uploader's organization: the quota counts its bytes.
CREATE TABLE paper_versions (
    id TEXT PRIMARY KEY,
    paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    kind TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    uploaded_by TEXT NOT NULL REFERENCES users(id),
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    UNIQUE (paper_id, number)
);
CREATE INDEX paper_versions_org_idx ON paper_versions (org_id);

-- Reviewer assignments and declared conflicts of interest. A declared conflict (status
-- 'conflict') blocks the reviewer from reviewing; a row with status 'assigned' may review.
CREATE TABLE paper_reviewers (
    id TEXT PRIMARY KEY,
    paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    org_id TEXT NOT NULL REFERENCES organizations(id),
    status TEXT NOT NULL,
    conflict_reason TEXT NOT NULL DEFAULT '',
    assigned_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (paper_id, user_id)
);
CREATE INDEX paper_reviewers_user_idx ON paper_reviewers (user_id, paper_id);

-- Reviews: one per reviewer and version; scores are a JSON object criterion → score.
CREATE TABLE paper_reviews (
    id TEXT PRIMARY KEY,
    paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    reviewer_id TEXT NOT NULL REFERENCES users(id),
    org_id TEXT NOT NULL REFERENCES organizations(id),
    scores TEXT NOT NULL DEFAULT '{}',
    recommendation TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (paper_id, version, reviewer_id)
);

-- History shown on the paper page (submission, versions, assignments, reviews, decisions);
-- actor ids are hidden from the other party in blind review when the page is rendered.
CREATE TABLE paper_events (
    id TEXT PRIMARY KEY,
    paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    at TIMESTAMP NOT NULL
);
CREATE INDEX paper_events_paper_idx ON paper_events (paper_id, at);

-- +goose Down
DROP TABLE paper_events;
DROP TABLE paper_reviews;
DROP TABLE paper_reviewers;
DROP TABLE paper_versions;
DROP TABLE paper_authors;
DROP TABLE papers;
DROP TABLE paper_calls;
