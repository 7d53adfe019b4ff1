#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks: its cluster lives in DIR, it listens on
# 127.0.0.1:PORT only, and trusts the superuser 'weft' (loopback only, temp data).
#   pg-temp.sh start DIR PORT      initdb (once) and start; returns when it accepts connections
#   pg-temp.sh stop DIR            stop it (fast shutdown)
#   pg-temp.sh crash DIR           stop it the way a crash would (immediate shutdown)
#   pg-temp.sh remove DIR          stop it and delete DIR
# As root the server runs as the 'postgres' user (PostgreSQL refuses to run as root).
set -euo pipefail
cmd=${1:?usage: pg-temp.sh start|stop|crash|remove DIR [PORT]}
dir=${2:?DIR missing}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql: run bin/lib/install-postgres.sh" >&2
  exit 2
fi
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    port=${3:?PORT missing}
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; chmod 700 "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir/data" -U weft -A trust -E UTF8 --locale=C --no-sync \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null \
      || { tail -n 20 "$dir/server.log" >&2; exit 1; }
    ;;
  stop) as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null ;;
  crash) as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null ;;
  remove)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "unknown command '$cmd'" >&2; exit 2 ;;
esac
