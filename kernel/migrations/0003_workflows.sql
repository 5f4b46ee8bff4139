-- Workflow instances, their append-only history and their timers (kernel/src/workflow).

CREATE TABLE workflow_instances (
  id                 TEXT PRIMARY KEY,
  definition         TEXT NOT NULL,
  version            INTEGER NOT NULL,
  definition_hash    TEXT NOT NULL,
  subject_id         TEXT NOT NULL,
  state              TEXT NOT NULL,
  revision           INTEGER NOT NULL,
  context            TEXT NOT NULL,
  entered_at         BIGINT NOT NULL,
  created_at         BIGINT NOT NULL,
  updated_at         BIGINT NOT NULL,
  UNIQUE (definition, subject_id)
);
CREATE INDEX workflow_instances_by_state ON workflow_instances (definition, state);

CREATE TABLE workflow_history (
  instance_id        TEXT NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE,
  revision           INTEGER NOT NULL,
  at                 BIGINT NOT NULL,
  actor              TEXT NOT NULL,
  actor_id           TEXT,
  event              TEXT NOT NULL,
  from_state         TEXT,
  to_state           TEXT NOT NULL,
  guard              TEXT,
  reasons            TEXT NOT NULL,
  PRIMARY KEY (instance_id, revision)
);

CREATE TABLE workflow_timers (
  id                 TEXT PRIMARY KEY,
  instance_id        TEXT NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE,
  timer              TEXT NOT NULL,
  event              TEXT NOT NULL,
  state              TEXT NOT NULL,
  revision           INTEGER NOT NULL,
  due_at             BIGINT NOT NULL,
  claimed_until      BIGINT
);
CREATE INDEX workflow_timers_due ON workflow_timers (due_at);
CREATE INDEX workflow_timers_by_instance ON workflow_timers (instance_id);
