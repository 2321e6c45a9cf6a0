#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (the ctest fixture `postgres`,
# tests/sql/CMakeLists.txt): every PostgreSQL test of a ctest run shares it.
#
#   tests/sql/pg_server.sh start DIR   # prints the connection string, also in DIR/uri
#   tests/sql/pg_server.sh stop DIR    # stops the server and removes it
#
# The cluster and its Unix socket live in a fresh folder under /tmp (its path
# in DIR/home), not in DIR itself: a socket's path must be short (about 100
# bytes) and the server's user must be able to reach it, which a build folder
# under /root is not. The server listens on no TCP port, so several runs on
# one machine cannot collide; fsync is off (nothing here needs to survive).
# initdb refuses to run as root: as root, the server runs as `postgres`.
#
# Without PostgreSQL (no initdb in /usr/lib/postgresql/*/bin or on PATH),
# `start` writes the reason to DIR/skip and exits 77: the tests then say
# SKIPPED with that reason (tests/sql/pg_skip.sh) -- never a silent pass.
set -euo pipefail
action=${1:-} dir=${2:-}
if [ -z "$dir" ] || { [ "$action" != start ] && [ "$action" != stop ]; }; then
  echo "usage: pg_server.sh start|stop DIR" >&2
  exit 2
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

stop() {
  [ -f "$dir/home" ] || return 0
  local home bin
  home=$(cat "$dir/home")
  bin=$(cat "$dir/bin" 2>/dev/null || true)
  if [ -n "$bin" ] && [ -f "$home/data/postmaster.pid" ]; then
    as_server "$bin/pg_ctl" -D "$home/data" -m fast -w stop >/dev/null || true
  fi
  # Only the folder this script made (its name says so).
  case "$home" in /tmp/ocf-pg.*) rm -rf "$home" ;; esac
  rm -f "$dir/home" "$dir/bin" "$dir/uri"
}

as_server() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "$action" = stop ]; then
  stop
  rm -f "$dir/skip"
  exit 0
fi

# A server left by an earlier run that was killed goes first.
stop
rm -f "$dir/skip"
skip() {
  echo "$1" >"$dir/skip"
  echo "SKIPPED: no PostgreSQL server for the tests: $1" >&2
  exit 77
}
bin=""
for candidate in /usr/lib/postgresql/*/bin; do  # the newest version last
  if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then bin=$candidate; fi
done
if [ -z "$bin" ] && command -v initdb >/dev/null 2>&1; then bin=$(dirname "$(command -v initdb)"); fi
[ -n "$bin" ] || skip "initdb not found in /usr/lib/postgresql/*/bin nor on PATH (install postgresql-15: scripts/setup.sh)"
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  skip "running as root and there is no user \`postgres\` to run the server as (initdb refuses root)"
fi

home=$(mktemp -d /tmp/ocf-pg.XXXXXX)
echo "$home" >"$dir/home"
echo "$bin" >"$dir/bin"
chmod 755 "$home"
if [ "$(id -u)" -eq 0 ]; then chown postgres "$home"; fi
port=5432  # only names the socket file: no TCP
if ! as_server "$bin/initdb" -D "$home/data" -U postgres -A trust -E UTF8 --locale=C -N >"$home/initdb.log" 2>&1; then
  cat "$home/initdb.log" >&2
  echo "pg_server.sh: initdb failed (above)" >&2
  stop
  exit 1
fi
if ! as_server "$bin/pg_ctl" -D "$home/data" -l "$home/log" -w -t 60 \
  -o "-k $home -c listen_addresses= -p $port -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
  start >/dev/null; then
  cat "$home/log" >&2 || true
  echo "pg_server.sh: the server did not start (its log is above)" >&2
  stop
  exit 1
fi
uri="host=$home port=$port user=postgres dbname=postgres"
echo "$uri" >"$dir/uri"
echo "$uri"
