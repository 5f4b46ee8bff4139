-- An effect is identified by its idempotency key: the random id beside it was a second unique
-- key that every effect written (one or more per transition) had to index.
CREATE TABLE outbox_effects (
  id                 TEXT PRIMARY KEY,  -- the idempotency key: "email:<id>", "<instance>:<revision>:<effect>"…
  topic              TEXT NOT NULL,
  payload            TEXT NOT NULL,
  state              TEXT NOT NULL CHECK (state IN ('pending', 'done', 'parked')),
  attempts           INTEGER NOT NULL DEFAULT 0,
  next_attempt_at    BIGINT NOT NULL,
  claimed_until      BIGINT,
  last_error         TEXT,
  created_at         BIGINT NOT NULL,
  done_at            BIGINT
);
INSERT INTO outbox_effects (id, topic, payload, state, attempts, next_attempt_at, claimed_until,
                            last_error, created_at, done_at)
  SELECT idempotency_key, topic, payload, state, attempts, next_attempt_at, claimed_until,
         last_error, created_at, done_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_effects RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
