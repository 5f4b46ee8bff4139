#!/usr/bin/env bash
# Builds the fuzz preset (clang, libFuzzer, ASan+UBSan) and runs each target for a bounded time.
# Usage: tests/fuzz/run.sh [SECONDS per target, default 30]. Exits non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-30}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for target in build/fuzz/tests/fuzz/*_fuzz; do
  name=$(basename "$target")
  mkdir -p "$work/$name"
  echo "fuzz: $name for ${seconds}s"
  # The committed corpus seeds it; what the run discovers stays in a temporary folder.
  "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    "$work/$name" tests/fuzz/corpus 2>"$work/$name.log" || { tail -n 60 "$work/$name.log"; exit 1; }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/$name.log" | sed "s/^/fuzz: $name /"
done
