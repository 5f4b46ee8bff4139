-- SQLite only: the history as one b-tree ordered by its key (instance, revision) instead of a
-- rowid table beside a separate index of that key, so that each transition writes one page fewer.
-- PostgreSQL keeps its heap and primary key index (it has no such table kind; migration 0003).
CREATE TABLE workflow_history_by_key (
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
) WITHOUT ROWID;
INSERT INTO workflow_history_by_key (instance_id, revision, at, actor, actor_id, event,
                                     from_state, to_state, guard, reasons)
  SELECT instance_id, revision, at, actor, actor_id, event, from_state, to_state, guard, reasons
  FROM workflow_history;
DROP TABLE workflow_history;
ALTER TABLE workflow_history_by_key RENAME TO workflow_history;
