#!/usr/bin/env bash
# Creates/s and p99 of triagedesk-server at 64 connections (wrk on 127.0.0.1), side by side in
# one run: SQLite (one instance), PostgreSQL with one instance, PostgreSQL with two instances
# on the same database (32 connections each). Prints figures, plus the CPU each process used,
# to show where the bottleneck is. Not a ctest.
#   bench/postgres/bench_postgres.sh [path/to/triagedesk-server] [seconds]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
server=${1:-$here/../../build/release/server/triagedesk-server}
seconds=${2:-5}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }
[ -x "$server" ] || { echo "no server binary at $server"; exit 2; }

work=$(mktemp -d /tmp/td-pg-XXXXXX) # /tmp: reachable by the postgres user
chmod 755 "$work" # the cluster inside runs as postgres when we are root
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    [ -f "$work/pg/port" ] && "$here/../../tests/support/pgcluster.sh" stop "$work/pg" immediate 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

export TD_PROJECT=2489E9AD-2EE2-8E00-8EC9-32D5F69181C0
export TD_TOKEN=tok-bench-owner-000000000001
TD_PROJECT2=5E0B8C4D-3A2F-4B1E-8C7D-6F5A4B3C2D1E
TD_TOKEN2=tok-bench-owner-000000000002
cat >"$work/bootstrap.json" <<JSON
{ "tenants": [ { "slug": "bench-tenant", "name": "Bench",
  "projects": [ { "id": "$TD_PROJECT", "name": "Web app", "roles": ["frontend","backend"] } ],
  "users": [ { "id": "u-bench", "name": "Bench Owner", "email": "bench@bench.test",
               "role": "owner", "projects": "*", "tokens": ["$TD_TOKEN"] } ] },
  { "slug": "bench-tenant-2", "name": "Bench 2",
  "projects": [ { "id": "$TD_PROJECT2", "name": "Web app", "roles": ["frontend","backend"] } ],
  "users": [ { "id": "u-bench2", "name": "Bench Owner 2", "email": "bench2@bench.test",
               "role": "owner", "projects": "*", "tokens": ["$TD_TOKEN2"] } ] } ] }
JSON

read -r pgport pwfile < <("$here/../../tests/support/pgcluster.sh" start "$work/pg")
export PGPASSWORD=$(cat "$pwfile")
pgdb="postgresql://triagedesk@127.0.0.1:$pgport/triagedesk"
sqlitedb="sqlite:$work/bench.sqlite"
"$server" bootstrap --database "$sqlitedb" "$work/bootstrap.json" >/dev/null
"$server" bootstrap --database "$pgdb" "$work/bootstrap.json" >/dev/null

# start_server DB NAME: sets url_NAME and pid_NAME
start_server() {
    "$server" serve --listen 127.0.0.1:0 --database "$1" --create-rate 0 --request-rate 0 \
        --no-access-log >"$work/$2.out" 2>"$work/$2.err" &
    local pid=$!
    pids+=("$pid")
    for _ in $(seq 200); do
        local url
        url=$(sed -n 's/^listening on //p' "$work/$2.out" 2>/dev/null || true)
        if [ -n "$url" ]; then
            printf -v "url_$2" '%s' "$url"
            printf -v "pid_$2" '%s' "$pid"
            return 0
        fi
        sleep 0.05
    done
    echo "server $2 did not start:"; cat "$work/$2.err"; exit 1
}
# CPU seconds (user + system) of the given pids, or of every process of user postgres.
cpu_of() {
    python3 - "$@" <<'PY'
import os, sys
tick = os.sysconf("SC_CLK_TCK")
pids = sys.argv[1:]
if pids == ["postgres"]:
    import pwd
    uid = pwd.getpwnam("postgres").pw_uid
    pids = [p for p in os.listdir("/proc") if p.isdigit() and os.stat("/proc/" + p).st_uid == uid]
total = 0
for p in pids:
    try:
        f = open("/proc/%s/stat" % p).read().rsplit(")", 1)[1].split()
        total += int(f[11]) + int(f[12])
    except OSError:
        pass
print("%.2f" % (total / tick))
PY
}
# run LABEL "url..." : one wrk per url (64 connections split evenly), prints one table row.
run() {
    local label=$1; shift
    local urls=("$@") n=$# conns=$((64 / $#)) i=0 srv_pids=()
    for u in "${urls[@]}"; do srv_pids+=("$(cat "$work/pid.$u")"); done
    local srv0 pg0 srv1 pg1
    srv0=$(cpu_of "${srv_pids[@]}"); pg0=$(cpu_of postgres)
    for u in "${urls[@]}"; do
        # TWO_TENANTS=1: the second wrk writes as another tenant (its own counter row).
        if [ "${TWO_TENANTS:-0}" = 1 ] && [ "$i" = 1 ]; then
            export TD_PROJECT_RUN=$TD_PROJECT2 TD_TOKEN_RUN=$TD_TOKEN2
        else
            export TD_PROJECT_RUN=$TD_PROJECT TD_TOKEN_RUN=$TD_TOKEN
        fi
        TD_PROJECT=$TD_PROJECT_RUN TD_TOKEN=$TD_TOKEN_RUN TD_PREFIX="$label-$i" wrk -t1 -c"$conns" -d"${seconds}s" --latency -s "$here/create.lua" \
            "$(cat "$work/url.$u")" >"$work/wrk.$i" &
        i=$((i + 1))
    done
    wait_wrk
    srv1=$(cpu_of "${srv_pids[@]}"); pg1=$(cpu_of postgres)
    python3 - "$label" "$seconds" "$srv0" "$srv1" "$pg0" "$pg1" "$work"/wrk.[0-9]* <<'PY'
import re, sys
label, secs, s0, s1, p0, p1, *files = sys.argv[1:]
secs = float(secs)
created = other = 0
p99 = p50 = 0.0
for f in files:
    t = open(f).read()
    m = re.search(r"created=(\d+) other=(\d+) p50_ms=([\d.]+) p99_ms=([\d.]+)", t)
    created += int(m[1]); other += int(m[2])
    p50 = max(p50, float(m[3])); p99 = max(p99, float(m[4]))
print("%-28s %9.0f %8d %8.2f %8.2f %12.2f %12.2f" % (label, created / secs, other, p50, p99,
      (float(s1) - float(s0)) / secs, (float(p1) - float(p0)) / secs))
PY
    rm -f "$work"/wrk.[0-9]*
}
wait_wrk() { while pgrep -P $$ -x wrk >/dev/null; do sleep 0.1; done; }

start_server "$sqlitedb" sqlite
start_server "$pgdb" pga
start_server "$pgdb" pgb
# The same two instances with asynchronous commit (PGOPTIONS reaches the server through
# libpq): shows how much of the time is the WAL flush. NOT what to run in production: a
# PostgreSQL crash can lose commits that were already acknowledged.
PGOPTIONS="-c synchronous_commit=off" start_server "$pgdb" pgc
PGOPTIONS="-c synchronous_commit=off" start_server "$pgdb" pgd
for s in sqlite pga pgb pgc pgd; do
    eval "echo \$url_$s" >"$work/url.$s"
    eval "echo \$pid_$s" >"$work/pid.$s"
done

echo "triagedesk-server creates, 64 connections, ${seconds}s per run, $(nproc) cores, fsync on"
echo "(p50/p99: worst of the wrk processes; cpu: cores busy on average during the run)"
printf "%-28s %9s %8s %8s %8s %12s %12s\n" "setup" "creates/s" "non-201" "p50 ms" "p99 ms" \
    "server cpu" "postgres cpu"
run "sqlite, 1 instance" sqlite
run "postgresql, 1 instance" pga
run "postgresql, 2 instances" pga pgb
TWO_TENANTS=1 run "pg, 2 inst., 2 tenants" pga pgb
run "pg, 2 inst., async commit" pgc pgd
