-- Withdrawal of a commitment (recorded by mistake, or overtaken by a later one): the commitment
-- and its assessments stay for the audit trail; withdrawn_at (NULL: in force) marks it withdrawn,
-- with who withdrew it and why. A withdrawn commitment leaves the register and the per-party
-- totals (commitment_party_totals, migration 00009): the store subtracts its contribution in the
-- withdrawal's transaction and adds it back on reinstatement. No existing row is withdrawn, so the
-- totals need no refill. Portable between SQLite and PostgreSQL.

-- +goose Up
ALTER TABLE commitments ADD COLUMN withdrawn_at TIMESTAMP NULL;
ALTER TABLE commitments ADD COLUMN withdrawn_by TEXT NOT NULL DEFAULT '';
ALTER TABLE commitments ADD COLUMN withdrawn_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE commitments DROP COLUMN withdrawn_reason;
ALTER TABLE commitments DROP COLUMN withdrawn_by;
ALTER TABLE commitments DROP COLUMN withdrawn_at;
