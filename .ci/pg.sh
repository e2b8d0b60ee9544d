#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server: `.ci/pg.sh make test`.
#
# Installs Debian's `postgresql` when missing (as root), starts a server on
# 127.0.0.1 at a random free port with its data in a temporary folder (as the
# `postgres` user when run as root: the server refuses to run as root), exports
# FOLLOWUP_TEST_PG_URL for the tests, runs the command, then stops the server and
# deletes the folder. Without PostgreSQL on a developer machine the command runs
# anyway and the PostgreSQL tests are skipped (with the reason); in CI
# (CI=true) that is an error.
set -euo pipefail
cd "$(dirname "$0")/.."

fail_or_skip() {
  local why=$1
  shift
  if [ "${CI:-}" = true ]; then
    echo "pg: $why (required in CI)" >&2
    exit 1
  fi
  echo "pg: $why; the PostgreSQL tests will be skipped" >&2
  exec "$@"
}

bindir=""
find_bindir() {
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$bindir" ] && [ -x "$bindir/initdb" ]
}
if ! find_bindir; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "pg: installing postgresql from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  find_bindir || fail_or_skip "PostgreSQL is not installed" "$@"
fi

run_as=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  run_as=(runuser -u postgres --)
fi

dir=$(mktemp -d /tmp/followup-pg.XXXXXX)
chmod 0700 "$dir"
[ "${#run_as[@]}" -gt 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
  "${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

if ! "${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U followup --auth=trust -E UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
  cat "$dir/initdb.log" >&2
  fail_or_skip "initdb failed" "$@"
fi
# fsync off: a throwaway test server (the crash-safety tests use SQLite files).
if ! "${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
      start >/dev/null; then
  cat "$dir/server.log" >&2
  fail_or_skip "the server did not start" "$@"
fi
export FOLLOWUP_TEST_PG_URL="postgresql+psycopg://followup@127.0.0.1:$port/postgres"
echo "pg: throwaway server at $FOLLOWUP_TEST_PG_URL"
status=0
"$@" || status=$?
exit "$status"
