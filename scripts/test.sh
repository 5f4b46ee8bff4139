#!/usr/bin/env bash
# The README's second command: install, build, and run every test — a bounded fuzzing run
# (ALIN_FUZZ_SECONDS, default 30), then the unit, integration and API tests on SQLite and on a
# throwaway PostgreSQL server, and the analysts' rule tables. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
tests/fuzz/run.sh "${ALIN_FUZZ_SECONDS:-30}"
scripts/with-postgres.sh ctest --preset release -j 2 --timeout 300
