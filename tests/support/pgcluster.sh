#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for benchmarks and trying multi-instance setups by hand
# (the C++ tests use pgcluster.h, which does the same).
#   pgcluster.sh start DIR   -> initdb DIR (first time), start on 127.0.0.1 and a free port;
#                               prints "PORT PASSWORD_FILE"; role "triagedesk", database "triagedesk"
#   pgcluster.sh stop DIR [fast|immediate]
# TD_PG_OPTIONS adds server options to the start (e.g. "-c shared_preload_libraries=pg_stat_statements").
# Listens on 127.0.0.1 only, socket inside DIR, fsync on. PostgreSQL refuses to run as root,
# so as root the cluster runs as the `postgres` system user.
set -euo pipefail
bin=${TD_PG_BINDIR:-/usr/lib/postgresql/15/bin}
cmd=${1:?start|stop}
dir=${2:?cluster folder}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ -x "$bin/initdb" ] || { echo "PostgreSQL 15 is not installed ($bin/initdb missing)" >&2; exit 2; }

case "$cmd" in
start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$dir/password"
        [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
        as_pg "$bin/initdb" -D "$dir/data" -U triagedesk --pwfile "$dir/password" \
            --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C --no-sync >/dev/null
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' >"$dir/port"
    fi
    port=$(cat "$dir/port")
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start -o \
        "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=on -c max_connections=200 ${TD_PG_OPTIONS:-}" >/dev/null
    if [ ! -f "$dir/created" ]; then
        as_pg "$bin/psql" -h "$dir" -p "$port" -U triagedesk -d postgres -qc \
            "CREATE DATABASE triagedesk" >/dev/null
        touch "$dir/created"
    fi
    echo "$port $dir/password"
    ;;
stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m "${3:-fast}" -w -t 60 stop >/dev/null
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
