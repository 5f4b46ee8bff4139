#!/usr/bin/env bash
# Installs every build, run and test dependency from Debian packages. Idempotent: a second run
# installs nothing. Runs apt-get as root directly, or through sudo when available.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  liblua5.4-dev
  libpoco-dev
  libsoci-dev libsqlite3-dev libpq-dev
  nlohmann-json3-dev
  libboost-dev libboost-filesystem-dev
  libsodium-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql
  clang libclang-rt-14-dev
  curl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
