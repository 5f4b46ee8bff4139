#!/usr/bin/env bash
# Durable workflow transitions/s against raw one-row commits, on SQLite (a file under build/) and
# on a throwaway PostgreSQL server with fsync on. Usage: bench/workflow/run.sh [SECONDS per case]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-5}"
scripts/build.sh bench_workflow >/dev/null
bin=build/release/bench/workflow/bench_workflow
db=build/bench-workflow.db
rm -f "$db" "$db-wal" "$db-shm"
echo "## SQLite (WAL, synchronous=FULL: each commit flushed), $(nproc) cores"
"$bin" "sqlite3://db=$db" "$seconds"
echo
echo "## PostgreSQL (fsync on, synchronous_commit on)"
ALIN_PG_FSYNC=on scripts/with-postgres.sh sh -c "\"$bin\" \"\$ALIN_TEST_POSTGRES\" $seconds" | grep -v '^with-postgres'
