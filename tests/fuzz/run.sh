#!/usr/bin/env bash
# Builds the fuzz preset (clang, libFuzzer, ASan+UBSan) and runs each target for a bounded time.
# Usage: tests/fuzz/run.sh [SECONDS per target, default 30]. Exits non-zero on any finding; the
# crashing input is kept in build/fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-30}"
cmake --preset fuzz >/dev/null
cmake --build build/fuzz -j2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
findings=build/fuzz/findings
mkdir -p "$findings"
for target in build/fuzz/tests/fuzz/*_fuzz; do
  name=$(basename "$target")
  mkdir -p "$work/$name"
  dict=()
  [[ -f "tests/fuzz/$name.dict" ]] && dict=(-dict="tests/fuzz/$name.dict")
  corpus=tests/fuzz/corpus
  [[ -d "tests/fuzz/${name}_corpus" ]] && corpus="tests/fuzz/${name}_corpus"
  echo "fuzz: $name for ${seconds}s"
  # The committed corpus seeds the run (tests/fuzz/<target>_corpus, or the HTTP one); what it discovers stays in a temporary folder.
  if ! "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$findings/$name-" ${dict[@]+"${dict[@]}"} "$work/$name" "$corpus" \
      2>"$work/$name.log"; then
    tail -n 60 "$work/$name.log"
    echo "fuzz: $name FAILED; inputs in $findings/" >&2
    exit 1
  fi
  grep -E "stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb" \
    "$work/$name.log" | sed "s/^/fuzz: $name /"
  grep -E "^Done [0-9]+ runs" "$work/$name.log" | sed "s/^/fuzz: $name /" || true
done
