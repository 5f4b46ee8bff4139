#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server: initdb + pg_ctl in a temporary folder, as a
# non-root user, on a free loopback port. Exports ALIN_TEST_POSTGRES (a maintenance database the
# tests create their own databases from) and stops and removes the server afterwards, whatever
# the command's outcome.
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/initdb" ] || { echo "with-postgres: PostgreSQL is not installed (scripts/install-deps.sh)" >&2; exit 1; }

# PostgreSQL refuses to run as root: use the postgres account the package created.
run_as=()
if [ "$(id -u)" -eq 0 ]; then run_as=(runuser -u postgres --); fi

dir=$(mktemp -d /tmp/alin-pg.XXXXXX)
chmod 755 "$dir"
[ ${#run_as[@]} -eq 0 ] || chown postgres "$dir"

port=""
for candidate in $(shuf -i 20000-60000 -n 50); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "with-postgres: no free port found" >&2; exit 1; }

stop() {
  "${run_as[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${run_as[@]}" "$pg_bin/initdb" -D "$dir/data" -U alin -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
# fsync off by default: a test server's data is thrown away. Benchmarks ask for it on
# (ALIN_PG_FSYNC=on), to measure real commits.
"${run_as[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=${ALIN_PG_FSYNC:-off} -c max_connections=300" start >/dev/null
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"

export ALIN_TEST_POSTGRES="postgresql://dbname=postgres host=127.0.0.1 port=$port user=alin"
export ALIN_REQUIRE_POSTGRES=1
"$@"
