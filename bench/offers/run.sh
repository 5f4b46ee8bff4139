#!/usr/bin/env bash
# The applicant offers at national size (docs/PERFORMANCE.md "Applicant offers"): a generated
# SQLite file (ALIN_BENCH_REQUESTS active requests, default 2,760,000; ALIN_BENCH_OFFERS published
# offers, default 50,000) on the real communes; the eligible-applicant count of one offer over its
# department; then GET /me/offers and GET /me/offers/{id} with wrk at 1 and 32 keep-alive
# connections, next to GET /health of the same host in the same run.
# Usage: bench/offers/run.sh [SECONDS per wrk run, default 10]. The file is kept in build/ and
# reused while its sizes match; delete it to regenerate. ALIN_BUILD_DIR: an already configured
# release build folder to use instead of build/release (built here for the targets needed).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-10}"
requests="${ALIN_BENCH_REQUESTS:-2760000}"
offers="${ALIN_BENCH_OFFERS:-50000}"
command -v wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
build="${ALIN_BUILD_DIR:-build/release}"
if [[ -n "${ALIN_BUILD_DIR:-}" ]]; then
  cmake --build "$build" --target alin-host bench_offers generic gouv_fr finistere inli example >/dev/null
else
  scripts/build.sh alin-host bench_offers >/dev/null
fi
bin=$build/bench/offers/bench_offers
db="build/bench-offers-$requests-$offers.db"
if [[ ! -f "$db" ]]; then
  "$bin" generate "$db" "$requests" "$offers"
fi
echo "## Eligible-applicant count of one offer over its department ($requests requests, $offers offers)"
"$bin" count "$db"

work=$(mktemp -d)
port=18090
"$build/host/alin-host" --database "sqlite3://db=$db" --port "$port" \
  --mail "maildir:$work/mail" --plugins "$build/plugins" > "$work/host.log" 2>&1 &
host=$!
trap 'kill $host 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$work/host.log" && break; sleep 0.2; done
A=http://127.0.0.1:$port/api/v1
H='Content-Type: application/json'
email=bench.applicant@example.fr
curl -s -o /dev/null -H "$H" -X POST $A/accounts -d "{\"lastName\":\"Martin\",\"firstName\":\"Camille\",\"mobile\":\"0612345678\",\"email\":\"$email\",\"acceptsDataUse\":true,\"acceptsTerms\":true}"
# A file reused from an earlier run already has the account: a new link is asked either way, and
# comes only while the account waits for its confirmation.
curl -s -o /dev/null -H "$H" -X POST $A/accounts/confirm/resend -d "{\"email\":\"$email\"}"
for _ in $(seq 25); do ls "$work/mail/new/"* >/dev/null 2>&1 && break; sleep 0.2; done
if ls "$work/mail/new/"* >/dev/null 2>&1; then
  # The body is quoted-printable: join its soft line breaks, then read the token after "=3D".
  link=$(tr -d '\r' < "$(ls -t "$work"/mail/new/* | head -1)" | sed -e ':a' -e '/=$/{N;s/=\n//;ba' -e '}' |
         grep -o 'token=3D[A-Za-z0-9_-]*' | head -1 | sed 's/token=3D//')
  curl -s -o /dev/null -H "$H" -X POST $A/accounts/confirm -d "{\"token\":\"$link\",\"password\":\"Bench2026alin\"}"
fi
"$bin" attach "$db" "$email" >/dev/null
token=$(curl -s -H "$H" -X POST $A/sessions -d "{\"email\":\"$email\",\"password\":\"Bench2026alin\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
offer=$(curl -s -H "Authorization: Bearer $token" "$A/me/offers?pageSize=1" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
[[ -n "$offer" ]] || { echo "no eligible offer for the bench applicant" >&2; exit 1; }
# Warm the caches (the department's offers and households) before measuring.
curl -s -o /dev/null -H "Authorization: Bearer $token" "$A/me/offers/$offer"

run() {  # name connections url
  local out
  out=$(wrk -t "$(( $2 < 2 ? 1 : 2 ))" -c "$2" -d "${seconds}s" --latency \
        -H "Authorization: Bearer $token" "$3")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$2" "$rps" "$p50" "$p99"
  if grep -q "Non-2xx" <<<"$out"; then grep "Non-2xx" <<<"$out" >&2; fi
}
echo
echo "## HTTP ($(nproc) cores, host and wrk on the same machine)"
echo "| route | connections | requests/s | p50 | p99 |"
echo "|---|---:|---:|---:|---:|"
for c in 1 32; do
  run "GET /health" "$c" "$A/health"
  run "GET /me/offers" "$c" "$A/me/offers"
  run "GET /me/offers/{id}" "$c" "$A/me/offers/$offer"
done
