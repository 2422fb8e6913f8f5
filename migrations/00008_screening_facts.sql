-- Screening facts (issue 6): everything the shipped restriction rules read is now stored, so no
-- rule works from a constant.
--   participants: the employer's country, Section 1286 listing and Confucius Institute; whether the
--     person acts at the direction of, or is paid by, a PRC principal (FARA).
--   attendees: per session, whether the person acts for an organizer, is hosted as a visiting
--     researcher, and will brief US officials on it.
--   sessions: the partner's country (the counterpart of an agreement need not be in the mainland;
--     empty still means the Chinese partner unit).
--   session_cohosts and session_funding: the co-host's field, public status, US state and
--     Overseas NGO Law standing; the funder's standing (a funder with a registered office
--     covering the session is not "unregistered").
--   session_screening: the rule set version the flags were computed with (a start with other
--     rules re-screens).
-- Employer kinds: the participant registry wrote "government" where the rules read
-- "government_organ"; one vocabulary now, and the stored values are moved over.
-- Portable between SQLite and PostgreSQL: ADD COLUMN with constant defaults, plain UPDATEs.

-- +goose Up
ALTER TABLE participants ADD COLUMN employer_country TEXT NOT NULL DEFAULT '';
ALTER TABLE participants ADD COLUMN employer_listed_1286 BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE participants ADD COLUMN employer_hosts_confucius_institute BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE participants ADD COLUMN directed_by_prc_principal BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE participants ADD COLUMN paid_by_prc_principal BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE participants SET employer_kind = 'government_organ' WHERE employer_kind = 'government';
UPDATE participants SET employer_country = 'US' WHERE employer_us_state <> '';

ALTER TABLE attendees ADD COLUMN acts_for_organizer BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE attendees ADD COLUMN visiting_researcher BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE attendees ADD COLUMN briefs_us_officials BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE sessions ADD COLUMN partner_country TEXT NOT NULL DEFAULT '';

ALTER TABLE session_cohosts ADD COLUMN field TEXT NOT NULL DEFAULT '';
ALTER TABLE session_cohosts ADD COLUMN is_public BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE session_cohosts ADD COLUMN us_state TEXT NOT NULL DEFAULT '';
ALTER TABLE session_cohosts ADD COLUMN ongo_status TEXT NOT NULL DEFAULT '';
ALTER TABLE session_cohosts ADD COLUMN ongo_office_area TEXT NOT NULL DEFAULT '';
ALTER TABLE session_cohosts ADD COLUMN ongo_office_scope TEXT NOT NULL DEFAULT '';

ALTER TABLE session_funding ADD COLUMN funder_ongo_status TEXT NOT NULL DEFAULT '';
ALTER TABLE session_funding ADD COLUMN funder_ongo_office_area TEXT NOT NULL DEFAULT '';
ALTER TABLE session_funding ADD COLUMN funder_ongo_office_scope TEXT NOT NULL DEFAULT '';

ALTER TABLE session_screening ADD COLUMN rules_version TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE session_screening DROP COLUMN rules_version;
ALTER TABLE session_funding DROP COLUMN funder_ongo_office_scope;
ALTER TABLE session_funding DROP COLUMN funder_ongo_office_area;
ALTER TABLE session_funding DROP COLUMN funder_ongo_status;
ALTER TABLE session_cohosts DROP COLUMN ongo_office_scope;
ALTER TABLE session_cohosts DROP COLUMN ongo_office_area;
ALTER TABLE session_cohosts DROP COLUMN ongo_status;
ALTER TABLE session_cohosts DROP COLUMN us_state;
ALTER TABLE session_cohosts DROP COLUMN is_public;
ALTER TABLE session_cohosts DROP COLUMN field;
ALTER TABLE sessions DROP COLUMN partner_country;
ALTER TABLE attendees DROP COLUMN briefs_us_officials;
ALTER TABLE attendees DROP COLUMN visiting_researcher;
ALTER TABLE attendees DROP COLUMN acts_for_organizer;
UPDATE participants SET employer_kind = 'government' WHERE employer_kind = 'government_organ';
ALTER TABLE participants DROP COLUMN paid_by_prc_principal;
ALTER TABLE participants DROP COLUMN directed_by_prc_principal;
ALTER TABLE participants DROP COLUMN employer_hosts_confucius_institute;
ALTER TABLE participants DROP COLUMN employer_listed_1286;
ALTER TABLE participants DROP COLUMN employer_country;
