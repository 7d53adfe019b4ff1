#!/usr/bin/env bash
# Installs the PostgreSQL server binaries (Debian's postgresql package) that the weft-jdbc tests
# and store benchmarks start in a temp dir (bin/lib/pg-temp.sh). Idempotent and quiet.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "error: PostgreSQL is not installed and this is not root; install it with:" >&2
  echo "       sudo apt-get install -y postgresql" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql >/dev/null
