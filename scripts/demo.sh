#!/usr/bin/env bash
# The README's first command: install, build, and start the host on SQLite with the demo data,
# beside the simulators of the two registration sites (national on :8081, Finistère on :8082),
# which email their access codes to the same maildir as the host (var/mail).
# Extra arguments go to alin-host (e.g. --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh alin-host alin-site-gouv_fr alin-site-finistere gouv_fr finistere generic inli example
mkdir -p var
bin=build/release
national_port=${ALIN_DEMO_NATIONAL_PORT:-8081}
finistere_port=${ALIN_DEMO_FINISTERE_PORT:-8082}

"$bin/plugins/departments/gouv_fr/alin-site-gouv_fr" --port "$national_port" --maildir var/mail \
  --data plugins/departments/gouv_fr/simulator/demo_requests.json --test-clock &
national=$!
"$bin/plugins/departments/finistere/alin-site-finistere" --port "$finistere_port" --maildir var/mail \
  --data plugins/departments/finistere/simulator/demo_requests.json --test-clock &
finistere=$!
trap 'kill $national $finistere 2>/dev/null || true' EXIT

cat > var/demo.properties <<EOF
plugins.gouv_fr.url = http://127.0.0.1:$national_port
plugins.finistere.url = http://127.0.0.1:$finistere_port
EOF
"$bin/host/alin-host" --config var/demo.properties --database "sqlite3://db=var/demo.db" \
  --plugins "$bin/plugins" --mail maildir:var/mail --demo --test-clock "$@"
