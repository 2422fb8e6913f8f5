-- Suppression list of erased people (SECURITY.md P3): when a participant is erased, the digests
-- of their natural keys (the e-mail key and the names-and-employer key, as an import matches on)
-- are kept per organization, so that an old spreadsheet that still lists the person does not
-- silently add them again. key_digest is hex HMAC-SHA256 of the key under the installation's
-- secret; no name or e-mail is stored.
--
-- installation_secrets holds secrets that never leave the server (not in logs, exports or API
-- answers): the erased-key secret is generated at first use (32 random bytes, hex). The signing
-- keys rotate and retire, so they cannot key a list that must stay stable.
-- Portable between SQLite and PostgreSQL.

-- +goose Up
CREATE TABLE installation_secrets (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE erased_keys (
    org_id TEXT NOT NULL REFERENCES organizations(id),
    key_digest TEXT NOT NULL,
    erased_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, key_digest)
);

-- +goose Down
DROP TABLE erased_keys;
DROP TABLE installation_secrets;
