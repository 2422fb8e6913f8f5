-- Revisions: counters that move (in the same transaction) with every change to a set of tables,
-- so a reader can tell cheaply whether something it derived from them is still current.
-- 'session_list' moves with every change to sessions, dialogues and dialogue_orgs: everything a
-- session list shows or uses to decide who sees what. The JSON session list keeps recent pages
-- and serves one again only while this counter has not moved (see internal/web/listcache.go).
-- The store moves the counters; they only ever grow. Portable between SQLite and PostgreSQL.

-- +goose Up
CREATE TABLE revisions (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL DEFAULT 0
);
INSERT INTO revisions (name, value) VALUES ('session_list', 1);

-- +goose Down
DROP TABLE revisions;
