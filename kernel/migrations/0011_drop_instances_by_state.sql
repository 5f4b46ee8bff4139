-- No query reads workflow instances by state (they are found by id, or by definition and
-- subject through their unique key), and every transition rewrote this index's entry: one index
-- fewer per transition.
DROP INDEX workflow_instances_by_state;
