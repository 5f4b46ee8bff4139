#!/usr/bin/env bash
# The README's second command: install, build, and run every test — unit, integration and API
# tests on SQLite and on a throwaway PostgreSQL server, the analysts' rule tables — then a bounded
# fuzzing run (ALIN_FUZZ_SECONDS, default 30). CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
scripts/with-postgres.sh ctest --preset release -j 2 --timeout 300
tests/fuzz/run.sh "${ALIN_FUZZ_SECONDS:-30}"
