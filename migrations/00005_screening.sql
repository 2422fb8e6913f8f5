-- Screening (issue 6): watchlists with staged, atomically swapped imports.
-- A watchlist belongs to the platform (org_id NULL: OFAC SDN, CSL, lists every tenant screens
-- against) or to one organization (its own custom list, seen and used by it alone). Each import
-- stages its entries under a new import id; the swap that makes it current runs in one
-- transaction, so a failed or malformed import leaves the list in force.

-- +goose Up
CREATE TABLE watchlists (
    id TEXT PRIMARY KEY,
    org_id TEXT NULL REFERENCES organizations(id),
    scope_key TEXT NOT NULL,
    list_id TEXT NOT NULL,
    title TEXT NOT NULL,
    format TEXT NOT NULL,
    current_import_id TEXT NULL,
    entry_count INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 0,
    imported_at TIMESTAMP NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX watchlists_scope_list_idx ON watchlists (scope_key, list_id);

CREATE TABLE watchlist_imports (
    id TEXT PRIMARY KEY,
    watchlist_id TEXT NOT NULL REFERENCES watchlists(id),
    status TEXT NOT NULL,
    files TEXT NOT NULL DEFAULT '',
    entries INTEGER NOT NULL DEFAULT 0,
    aliases INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    imported_by TEXT NOT NULL DEFAULT '',
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NULL
);
CREATE INDEX watchlist_imports_list_idx ON watchlist_imports (watchlist_id, started_at);

CREATE TABLE watchlist_entries (
    import_id TEXT NOT NULL REFERENCES watchlist_imports(id),
    seq INTEGER NOT NULL,
    entry_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL,
    PRIMARY KEY (import_id, seq)
);
CREATE INDEX watchlist_entries_entry_idx ON watchlist_entries (import_id, entry_id);

-- Flags: the result of a rule for a session (participant_id NULL) or for one participant in a
-- session. org_id is the organization that reviews it: the session's organizer for session flags,
-- the participant's organization for participant flags. A flag is never deleted while its
-- session and participant exist: when its cause disappears it is resolved.
CREATE TABLE flags (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    participant_id TEXT NULL REFERENCES participants(id) ON DELETE CASCADE,
    subject_key TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    jurisdiction TEXT NOT NULL DEFAULT '',
    severity TEXT NOT NULL,
    explanation_en TEXT NOT NULL DEFAULT '',
    explanation_zh TEXT NOT NULL DEFAULT '',
    citations TEXT NOT NULL DEFAULT '[]',
    needs_legal_review BOOLEAN NOT NULL DEFAULT FALSE,
    evidence TEXT NOT NULL DEFAULT '[]',
    matches TEXT NOT NULL DEFAULT '[]',
    rule_hash TEXT NOT NULL DEFAULT '',
    eval_error TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    reviewed_by TEXT NOT NULL DEFAULT '',
    reviewed_at TIMESTAMP NULL,
    resolved_at TIMESTAMP NULL,
    raised_at TIMESTAMP NOT NULL,
    evaluated_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX flags_subject_rule_idx ON flags (session_id, subject_key, rule_id);
CREATE INDEX flags_org_idx ON flags (org_id, session_id);
CREATE INDEX flags_participant_idx ON flags (participant_id);

-- Every change of a flag's status or severity, by a reviewer or by recomputation.
CREATE TABLE flag_events (
    id TEXT PRIMARY KEY,
    flag_id TEXT NOT NULL REFERENCES flags(id) ON DELETE CASCADE,
    org_id TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_id TEXT NOT NULL DEFAULT '',
    from_status TEXT NOT NULL DEFAULT '',
    to_status TEXT NOT NULL,
    severity TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX flag_events_flag_idx ON flag_events (flag_id, at);

-- The fingerprint of the facts, list matches and rule set a session's flags were computed from:
-- when it differs from the current one the flags are stale and are recomputed.
CREATE TABLE session_screening (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    evaluated_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE session_screening;
DROP TABLE flag_events;
DROP TABLE flags;
DROP TABLE watchlist_entries;
DROP TABLE watchlist_imports;
DROP TABLE watchlists;
