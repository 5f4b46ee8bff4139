#!/bin/sh
# Rules benchmark (issue 3), in one run: Lua rules, the same rules in C++, json-rules-engine and
# @gorules/zen-engine (node), on the same generated pairs; figures go to docs/PERFORMANCE.md.
#   bench/rules/run.sh            from the repository root
# Builds the release preset, installs the two npm packages into build/bench-node (outside git).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
node_dir="$root/build/bench-node"
if [ ! -d "$node_dir/node_modules/json-rules-engine" ] || [ ! -d "$node_dir/node_modules/@gorules/zen-engine" ]; then
  mkdir -p "$node_dir"
  [ -f "$node_dir/package.json" ] || echo '{"name":"alin-bench-node","private":true}' > "$node_dir/package.json"
  (cd "$node_dir" && npm install --no-audit --no-fund json-rules-engine @gorules/zen-engine)
fi
[ -d build/release ] || cmake --preset release
cmake --build build/release --target bench_rules -j2
exec build/release/bench/rules/bench_rules --node "$node_dir" "$@"
