-- The import of a housing request from its registration site (RULES.md §3), and what the platform
-- keeps beside it: which plugin serves it, the site's refresh token, the fields companies see at
-- consent level 2, the pending code requests and the attempts counted per unique number.

ALTER TABLE housing_requests ADD COLUMN plugin TEXT;
ALTER TABLE housing_requests ADD COLUMN site_email TEXT;
ALTER TABLE housing_requests ADD COLUMN refresh_token TEXT;
ALTER TABLE housing_requests ADD COLUMN renewal_due TEXT;
ALTER TABLE housing_requests ADD COLUMN current_town TEXT;
ALTER TABLE household_members ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE employments ADD COLUMN several_employers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE employments ADD COLUMN workplace_postcode TEXT;
ALTER TABLE employments ADD COLUMN workplace_town TEXT;
-- One platform request per unique number: a second account cannot import the same one.
CREATE UNIQUE INDEX housing_requests_by_unique_number ON housing_requests (unique_number);
CREATE INDEX employments_by_company ON employments (company_id);

-- A code asked of the registration site and not yet used: one per account at a time.
CREATE TABLE request_imports (
  account_id           TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  unique_number        TEXT NOT NULL,
  department           TEXT NOT NULL,
  plugin               TEXT NOT NULL,
  birth_date           TEXT NOT NULL,
  masked_email         TEXT NOT NULL,
  expires_at           BIGINT NOT NULL,
  created_at           BIGINT NOT NULL
);

-- Codes sent and wrong codes typed, per unique number: a 5-character code must not be guessable.
CREATE TABLE request_import_attempts (
  unique_number        TEXT NOT NULL,
  kind                 TEXT NOT NULL CHECK (kind IN ('code_sent', 'code_failed')),
  account_id           TEXT NOT NULL,
  at                   BIGINT NOT NULL
);
CREATE INDEX request_import_attempts_by_number ON request_import_attempts (unique_number, kind, at);
