-- Accounts, sessions and the tokens sent by email. Shared by SQLite and PostgreSQL: ids are text
-- (random UUIDs made by the kernel), instants are BIGINT Unix seconds, flags are INTEGER 0/1,
-- calendar dates are TEXT 'YYYY-MM-DD'.

CREATE TABLE organisations (
  id                 TEXT PRIMARY KEY,
  kind               TEXT NOT NULL CHECK (kind IN ('company', 'landlord')),
  name               TEXT NOT NULL,
  siret              TEXT UNIQUE,
  employees          INTEGER,
  sector             TEXT CHECK (sector IN ('agricultural', 'non_agricultural')),
  contribution       TEXT CHECK (contribution IN ('PEEC', 'PEAEC', 'PSEEC')),
  pseec_rights_left  INTEGER,
  policy             TEXT,
  plugin             TEXT,
  created_at         BIGINT NOT NULL
);

CREATE TABLE accounts (
  id                 TEXT PRIMARY KEY,
  email              TEXT NOT NULL UNIQUE,
  last_name          TEXT NOT NULL,
  first_name         TEXT NOT NULL,
  mobile             TEXT,
  role               TEXT NOT NULL CHECK (role IN ('applicant', 'adviser', 'company', 'landlord', 'analyst', 'admin')),
  organisation_id    TEXT REFERENCES organisations (id),
  state              TEXT NOT NULL CHECK (state IN ('pending', 'active', 'disabled')),
  password_hash      TEXT,
  accepts_data_use   INTEGER NOT NULL,
  accepts_terms      INTEGER NOT NULL,
  created_at         BIGINT NOT NULL,
  confirmed_at       BIGINT,
  last_login_at      BIGINT
);

-- Single-use links sent by email (account confirmation, password reset); only their hash is kept.
CREATE TABLE account_tokens (
  token_hash         TEXT PRIMARY KEY,
  account_id         TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  purpose            TEXT NOT NULL CHECK (purpose IN ('confirm', 'reset')),
  created_at         BIGINT NOT NULL,
  expires_at         BIGINT NOT NULL,
  used_at            BIGINT
);
CREATE INDEX account_tokens_by_account ON account_tokens (account_id, purpose);

-- Bearer sessions; the token itself is never stored.
CREATE TABLE sessions (
  token_hash         TEXT PRIMARY KEY,
  account_id         TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at         BIGINT NOT NULL,
  last_seen_at       BIGINT NOT NULL,
  revoked_at         BIGINT
);
CREATE INDEX sessions_by_account ON sessions (account_id);

-- Failed logins, counted per subject ("account:<id>" or "address:<ip>") over a sliding window.
CREATE TABLE login_failures (
  subject            TEXT NOT NULL,
  at                 BIGINT NOT NULL
);
CREATE INDEX login_failures_by_subject ON login_failures (subject, at);

-- Every email the platform sends, kept so support can see what a person received.
CREATE TABLE emails (
  id                 TEXT PRIMARY KEY,
  recipient          TEXT NOT NULL,
  subject            TEXT NOT NULL,
  body               TEXT NOT NULL,
  template           TEXT NOT NULL,
  created_at         BIGINT NOT NULL,
  sent_at            BIGINT
);
CREATE INDEX emails_by_recipient ON emails (recipient, created_at);

-- Effects to run after commit, written in the transaction that causes them.
CREATE TABLE outbox (
  id                 TEXT PRIMARY KEY,
  topic              TEXT NOT NULL,
  idempotency_key    TEXT NOT NULL UNIQUE,
  payload            TEXT NOT NULL,
  state              TEXT NOT NULL CHECK (state IN ('pending', 'done', 'parked')),
  attempts           INTEGER NOT NULL DEFAULT 0,
  next_attempt_at    BIGINT NOT NULL,
  claimed_until      BIGINT,
  last_error         TEXT,
  created_at         BIGINT NOT NULL,
  done_at            BIGINT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
