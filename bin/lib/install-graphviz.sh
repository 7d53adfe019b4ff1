#!/usr/bin/env bash
# Installs Graphviz's `dot` (Debian package graphviz) when it is missing: GraphExportTest checks
# that the DOT export parses. Idempotent and quiet; needs root (CI runs as root).
set -euo pipefail
command -v dot >/dev/null 2>&1 && exit 0
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends graphviz >/dev/null
