-- Dialogues (co-convened by organizations of both sides), their sessions with lifecycle, funding
-- and co-hosts, participants (owned by the organization that brought them) with consent records,
-- attendance, and calendar feeds. Portable between SQLite and PostgreSQL: text UUIDv7 ids,
-- TIMESTAMP in UTC, civil dates as 'YYYY-MM-DD' text, lists as JSON arrays in text.

-- +goose Up
CREATE TABLE dialogues (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    title TEXT NOT NULL,
    title_zh TEXT NOT NULL DEFAULT '',
    topic TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '["en","zh"]',
    chatham_house BOOLEAN NOT NULL DEFAULT TRUE,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX dialogues_org_idx ON dialogues (org_id);

-- One row per organization taking part in a dialogue; a co-convener invitation is a row with
-- status 'invited'. Access to a dialogue and its sessions joins through status = 'active'.
CREATE TABLE dialogue_orgs (
    id TEXT PRIMARY KEY,
    dialogue_id TEXT NOT NULL REFERENCES dialogues(id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    role TEXT NOT NULL,
    status TEXT NOT NULL,
    home_zone TEXT NOT NULL DEFAULT '',
    invited_by TEXT NOT NULL DEFAULT '',
    invited_by_org_id TEXT NOT NULL DEFAULT '',
    responded_by TEXT NOT NULL DEFAULT '',
    responded_at TIMESTAMP NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (dialogue_id, org_id)
);
CREATE INDEX dialogue_orgs_org_idx ON dialogue_orgs (org_id, status, dialogue_id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    dialogue_id TEXT NOT NULL REFERENCES dialogues(id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    title TEXT NOT NULL,
    title_zh TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    description_zh TEXT NOT NULL DEFAULT '',
    agenda TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL,
    city TEXT NOT NULL DEFAULT '',
    province TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    in_mainland BOOLEAN NOT NULL DEFAULT FALSE,
    venue TEXT NOT NULL DEFAULT '',
    online_url TEXT NOT NULL DEFAULT '',
    timezone TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL,
    status_reason TEXT NOT NULL DEFAULT '',
    status_changed_at TIMESTAMP NOT NULL,
    partner_name TEXT NOT NULL DEFAULT '',
    partner_name_zh TEXT NOT NULL DEFAULT '',
    partner_unit_kind TEXT NOT NULL DEFAULT '',
    partner_kind TEXT NOT NULL DEFAULT '',
    partner_field TEXT NOT NULL DEFAULT '',
    filing_number TEXT NOT NULL DEFAULT '',
    filing_date TEXT NOT NULL DEFAULT '',
    filing_period_start TEXT NOT NULL DEFAULT '',
    filing_period_end TEXT NOT NULL DEFAULT '',
    filing_area TEXT NOT NULL DEFAULT '',
    topic_tags TEXT NOT NULL DEFAULT '[]',
    is_partnership_agreement BOOLEAN NOT NULL DEFAULT FALSE,
    capacity_us INTEGER NOT NULL DEFAULT 0,
    capacity_cn INTEGER NOT NULL DEFAULT 0,
    sequence INTEGER NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_dialogue_idx ON sessions (dialogue_id, starts_at, id);
CREATE INDEX sessions_starts_idx ON sessions (starts_at, id);
CREATE INDEX sessions_org_idx ON sessions (org_id);

CREATE TABLE session_funding (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    funder_name TEXT NOT NULL,
    funder_country TEXT NOT NULL DEFAULT '',
    funder_kind TEXT NOT NULL DEFAULT '',
    amount BIGINT NOT NULL DEFAULT 0,
    currency TEXT NOT NULL DEFAULT '',
    routed_through_partner_account BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX session_funding_session_idx ON session_funding (session_id, position);

CREATE TABLE session_cohosts (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    name_zh TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT ''
);
CREATE INDEX session_cohosts_session_idx ON session_cohosts (session_id, position);

-- Every lifecycle transition: who (user and organization), when, from what, to what, why.
CREATE TABLE session_transitions (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    actor_id TEXT NOT NULL,
    org_id TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX session_transitions_session_idx ON session_transitions (session_id, at);

CREATE TABLE participants (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    natural_key TEXT NOT NULL,
    name_latin TEXT NOT NULL,
    name_native TEXT NOT NULL DEFAULT '',
    nationality TEXT NOT NULL DEFAULT '[]',
    residence_country TEXT NOT NULL DEFAULT '',
    employer TEXT NOT NULL DEFAULT '',
    employer_kind TEXT NOT NULL DEFAULT '',
    employer_us_state TEXT NOT NULL DEFAULT '',
    employer_public BOOLEAN NOT NULL DEFAULT FALSE,
    position TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '[]',
    birth_date TEXT NOT NULL DEFAULT '',
    dod_funded BOOLEAN NOT NULL DEFAULT FALSE,
    talent_program TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, natural_key)
);
CREATE INDEX participants_org_name_idx ON participants (org_id, name_latin, id);

-- Consent records are append-only: a withdrawal is a new record with granted = FALSE.
CREATE TABLE consent_records (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    granted BOOLEAN NOT NULL,
    text_version TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX consent_records_participant_idx ON consent_records (participant_id, recorded_at);

CREATE TABLE attendees (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    side TEXT NOT NULL,
    role TEXT NOT NULL,
    status TEXT NOT NULL,
    paid BOOLEAN NOT NULL DEFAULT FALSE,
    invite_token_hash TEXT NULL UNIQUE,
    invite_expires_at TIMESTAMP NULL,
    responded_at TIMESTAMP NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (session_id, participant_id)
);
CREATE INDEX attendees_participant_idx ON attendees (participant_id, session_id);

-- Calendar subscription feeds: the URL carries a secret token; only its hash is stored.
CREATE TABLE calendar_feeds (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    dialogue_id TEXT NULL REFERENCES dialogues(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP NULL
);
CREATE INDEX calendar_feeds_org_idx ON calendar_feeds (org_id, created_at);

-- +goose Down
DROP TABLE calendar_feeds;
DROP TABLE attendees;
DROP TABLE consent_records;
DROP TABLE participants;
DROP TABLE session_transitions;
DROP TABLE session_cohosts;
DROP TABLE session_funding;
DROP TABLE sessions;
DROP TABLE dialogue_orgs;
DROP TABLE dialogues;
