-- Answers to POSTs sent with an Idempotency-Key (API.md): the same key and body from the same
-- caller get the first answer again. `scope` is the caller (a session's account, or "anonymous").

CREATE TABLE idempotency_keys (
  scope              TEXT NOT NULL,
  idempotency_key    TEXT NOT NULL,
  request            TEXT NOT NULL,
  body_hash          TEXT NOT NULL,
  state              TEXT NOT NULL CHECK (state IN ('pending', 'done')),
  status             INTEGER,
  content_type       TEXT,
  response           TEXT,
  created_at         BIGINT NOT NULL,
  PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
