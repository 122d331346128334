#!/usr/bin/env bash
# Starts a private, throw-away PostgreSQL cluster on a free loopback port, runs the given command
# with INSPECTOR_TEST_PG_URL pointing at it, and always stops and removes the cluster afterwards.
# Usage: scripts/pg-test-server.sh COMMAND [ARGS...]
set -euo pipefail

bindir=""
if command -v pg_ctl >/dev/null 2>&1; then
  bindir=$(dirname "$(command -v pg_ctl)")
else
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "PostgreSQL server binaries (initdb, pg_ctl) not found; install the 'postgresql' package." >&2
  exit 1
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
workdir=$(mktemp -d /tmp/inspector-pg.XXXXXX)
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  # initdb refuses to run as root: the cluster belongs to the postgres user.
  chown postgres "$workdir"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT INT TERM

"${as_pg[@]}" "$bindir/initdb" -D "$workdir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$workdir/initdb.log" 2>&1 \
  || "${as_pg[@]}" "$bindir/initdb" -D "$workdir/data" -A trust -U postgres -E UTF8 >"$workdir/initdb.log" 2>&1 \
  || { cat "$workdir/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$bindir/pg_ctl" -D "$workdir/data" -w -t 60 -l "$workdir/server.log" \
  -o "-p $port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100" start >/dev/null \
  || { cat "$workdir/server.log" >&2; exit 1; }

export INSPECTOR_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
echo "PostgreSQL test server on 127.0.0.1:$port"
status=0
"$@" || status=$?
exit $status
