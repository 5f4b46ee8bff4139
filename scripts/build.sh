#!/usr/bin/env bash
# Installs the dependencies and builds the release preset. Usage: scripts/build.sh [TARGET…]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" ${1:+--target "$@"}
