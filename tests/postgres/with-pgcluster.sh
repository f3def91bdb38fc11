#!/usr/bin/env bash
# Runs one test executable with a throwaway PostgreSQL cluster: ServerProcess sees
# TD_TEST_POSTGRES and gives every server it starts a fresh database there, so the server's
# own test cases run unchanged against the PostgreSQL backend. Exit 77 (ctest: skipped) when
# PostgreSQL is not installed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${TD_PG_BINDIR:-/usr/lib/postgresql/15/bin}
if [ ! -x "$bin/initdb" ] || ! command -v psql >/dev/null; then
    echo "SKIP: PostgreSQL 15 is not installed ($bin/initdb or psql missing)"
    exit 77
fi
work=$(mktemp -d /tmp/td-pg-XXXXXX) # /tmp: reachable by the postgres user
chmod 755 "$work" # the cluster runs as postgres when we are root
cleanup() {
    "$here/../support/pgcluster.sh" stop "$work/pg" immediate >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
if ! read -r port pwfile < <("$here/../support/pgcluster.sh" start "$work/pg"); then
    echo "cannot start PostgreSQL"; cat "$work/pg/postgres.log" 2>/dev/null; exit 1
fi
[ -n "${port:-}" ] || { echo "cannot start PostgreSQL"; cat "$work/pg/postgres.log" 2>/dev/null; exit 1; }
PGPASSWORD=$(cat "$pwfile")
export PGPASSWORD
export TD_TEST_POSTGRES="postgresql://triagedesk@127.0.0.1:$port"
"$@"
