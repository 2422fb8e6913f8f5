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

-- +goose Down
DROP TABLE watchlist_entries;
DROP TABLE watchlist_imports;
DROP TABLE watchlists;
