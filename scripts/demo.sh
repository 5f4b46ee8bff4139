#!/usr/bin/env bash
# The README's first command: install, build, and start the host on SQLite with the demo data.
# Extra arguments go to alin-host (e.g. --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh alin-host
mkdir -p var
exec build/release/host/alin-host --database "sqlite3://db=var/demo.db" --mail maildir:var/mail --demo --test-clock "$@"
