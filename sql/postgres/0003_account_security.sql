-- 等保 account rules (issue 24): password expiry, history and forced change,
-- audit-log grants, API token expiry and last use. Existing users keep
-- working: a NULL password_changed_at counts from created_at.

ALTER TABLE users ADD COLUMN password_changed_at timestamptz;
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
-- Hashes of previous passwords, newest first, one per line (PHC strings
-- hold no newline).
ALTER TABLE users ADD COLUMN password_history text NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN audit_reader boolean NOT NULL DEFAULT false;

ALTER TABLE tokens ADD COLUMN expires_at timestamptz;
ALTER TABLE tokens ADD COLUMN last_used_at timestamptz;
