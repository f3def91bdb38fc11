#!/usr/bin/env bash
# Creates/s and p99 of triagedesk-server at 64 connections (wrk on 127.0.0.1), side by side in
# one run: SQLite (one instance), PostgreSQL with one instance, PostgreSQL with two instances
# on the same database (32 connections each). Prints figures, plus the CPU each process used,
# the server CPU per create and creates per group commit (each run starts its instances fresh
# and stops them with SIGTERM, when they print their writer's count). Not a ctest.
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

# PG_STATEMENTS=1: after every PostgreSQL row, the statements that took the most time
# (pg_stat_statements) and what the instances' sessions were waiting for (sampled).
[ "${PG_STATEMENTS:-0}" = 1 ] && export TD_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements"
read -r pgport pwfile < <("$here/../../tests/support/pgcluster.sh" start "$work/pg")
export PGPASSWORD=$(cat "$pwfile")
pgdb="postgresql://triagedesk@127.0.0.1:$pgport/triagedesk"
pgsql() { psql -h 127.0.0.1 -p "$pgport" -U triagedesk -d triagedesk -Atqc "$1"; }
[ "${PG_STATEMENTS:-0}" = 1 ] && pgsql "CREATE EXTENSION pg_stat_statements"
sqlitedb="sqlite:$work/bench.sqlite"
"$server" bootstrap --database "$sqlitedb" "$work/bootstrap.json" >/dev/null
"$server" bootstrap --database "$pgdb" "$work/bootstrap.json" >/dev/null

# start_server DB NAME: sets url_NAME and pid_NAME
start_server() {
    rm -f "$work/$2.out" # not the last run's "listening on" line
    # wrk's 64 connections all come from 127.0.0.1, exactly the default per-address cap.
    "$server" serve --listen 127.0.0.1:0 --database "$1" --create-rate 0 --request-rate 0 \
        --max-connections-per-address 0 --no-access-log >"$work/$2.out" 2>"$work/$2.err" &
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
    def owned(p):
        try:
            return os.stat("/proc/" + p).st_uid == uid
        except OSError: # ended meanwhile
            return False
    pids = [p for p in os.listdir("/proc") if p.isdigit() and owned(p)]
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
# run LABEL DB NAME... : starts one instance per NAME on DB, one wrk per instance (64
# connections split evenly), stops them (SIGTERM) and prints one table row.
run() {
    local label=$1 db=$2; shift 2
    local names=("$@") conns=$((64 / $#)) i=0 srv_pids=()
    for n in "${names[@]}"; do
        start_server "$db" "$n"
        eval "srv_pids+=(\$pid_$n)"
    done
    local srv0 pg0 srv1 pg1 idle0 idle1
    srv0=$(cpu_of "${srv_pids[@]}"); pg0=$(cpu_of postgres); idle0=$(machine_idle)
    for n in "${names[@]}"; do
        # TWO_TENANTS=1: the second wrk writes as another tenant (its own counter row).
        if [ "${TWO_TENANTS:-0}" = 1 ] && [ "$i" = 1 ]; then
            export TD_PROJECT_RUN=$TD_PROJECT2 TD_TOKEN_RUN=$TD_TOKEN2
        else
            export TD_PROJECT_RUN=$TD_PROJECT TD_TOKEN_RUN=$TD_TOKEN
        fi
        TD_PROJECT=$TD_PROJECT_RUN TD_TOKEN=$TD_TOKEN_RUN TD_PREFIX="$label-$i-$(date +%s%N)" wrk -t1 -c"$conns" -d"${seconds}s" --latency -s "$here/create.lua" \
            "$(eval "echo \$url_$n")" >"$work/wrk.$i" 2>&1 &
        i=$((i + 1))
    done
    if [ "${PG_STATEMENTS:-0}" = 1 ] && [ "$db" = "$pgdb" ]; then
        pgsql "SELECT pg_stat_statements_reset()" >/dev/null
        : >"$work/waits"
        while pgrep -P $$ -x wrk >/dev/null; do
            pgsql "SELECT coalesce(wait_event_type || ':' || wait_event, 'cpu') || ' ' || state
                   FROM pg_stat_activity WHERE backend_type = 'client backend'
                   AND pid <> pg_backend_pid()" >>"$work/waits"
            sleep 0.2
        done
    fi
    wait_wrk
    srv1=$(cpu_of "${srv_pids[@]}"); pg1=$(cpu_of postgres); idle1=$(machine_idle)
    for p in "${srv_pids[@]}"; do kill -TERM "$p"; done
    for p in "${srv_pids[@]}"; do wait "$p" || true; done
    local errs=()
    for n in "${names[@]}"; do errs+=("$work/$n.err"); done
    python3 - "$label" "$seconds" "$srv0" "$srv1" "$pg0" "$pg1" "$idle0" "$idle1" "${errs[*]}" \
        "$work"/wrk.[0-9]* <<'PY'
import re, sys
label, secs, s0, s1, p0, p1, i0, i1, errs, *files = sys.argv[1:]
(idle_a, total_a), (idle_b, total_b) = (map(int, x.split(":")) for x in (i0, i1))
idle_cores = (idle_b - idle_a) / max(total_b - total_a, 1) * __import__("os").cpu_count()
secs = float(secs)
created = other = 0
p99 = p50 = 0.0
for f in files:
    t = open(f).read()
    m = re.search(r"created=(\d+) other=(\d+) p50_ms=([\d.]+) p99_ms=([\d.]+)", t)
    if not m:
        sys.exit("%s: no figures from wrk:\n%s\nserver: %s" % (label, t, "".join(open(e).read() for e in errs.split())))
    created += int(m[1]); other += int(m[2])
    p50 = max(p50, float(m[3])); p99 = max(p99, float(m[4]))
items = commits = 0
for e in errs.split():
    m = re.search(r"writer: (\d+) writes in (\d+) commits", open(e).read())
    if m:
        items += int(m[1]); commits += int(m[2])
srv = float(s1) - float(s0)
print("%-28s %9.0f %8d %8.2f %8.2f %12.2f %12.2f %10.0f %10.1f %10.2f" % (label, created / secs,
      other, p50, p99, srv / secs, (float(p1) - float(p0)) / secs, srv * 1e6 / max(created, 1),
      items / max(commits, 1), idle_cores))
PY
    rm -f "$work"/wrk.[0-9]*
    if [ "${PG_STATEMENTS:-0}" = 1 ] && [ "$db" = "$pgdb" ]; then
        echo "  sessions (sampled every 0.2 s): $(sort "$work/waits" | uniq -c | sort -rn | head -6 |
            awk '{c=$1; $1=""; printf "%s%s x%d;", sep, $0, c; sep=" "}')"
        pgsql "SELECT lpad(calls::text, 7) || lpad(round(total_exec_time)::text, 7) || ' ms '
               || lpad(round((total_exec_time / calls * 1000)::numeric)::text, 6) || ' us/call  '
               || left(regexp_replace(query, '\s+', ' ', 'g'), 90)
               FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 8" | sed 's/^/  /'
    fi
}
wait_wrk() { while pgrep -P $$ -x wrk >/dev/null; do sleep 0.1; done; }
# The whole machine's idle and total jiffies ("idle:total", idle counts iowait): how much room
# a second instance would have to use.
machine_idle() { awk '/^cpu /{print $5 + $6 ":" $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }

echo "triagedesk-server creates, 64 connections, ${seconds}s per run, $(nproc) cores, fsync on"
echo "(p50/p99: worst of the wrk processes; cpu: cores busy on average during the run;"
echo " us/create: server CPU, all instances and threads, per create; per commit: group commit;"
echo " idle cores: what the whole machine, wrk included, left unused on average)"
printf "%-28s %9s %8s %8s %8s %12s %12s %10s %10s %10s\n" "setup" "creates/s" "non-201" "p50 ms" \
    "p99 ms" "server cpu" "postgres cpu" "us/create" "per commit" "idle cores"
# RUNS picks rows (default: all): sqlite pg1 pg2 pg2t async
for r in ${RUNS:-sqlite pg1 pg2 pg2t async}; do
    case $r in
    sqlite) run "sqlite, 1 instance" "$sqlitedb" sqlite ;;
    pg1) run "postgresql, 1 instance" "$pgdb" pga ;;
    pg2) run "postgresql, 2 instances" "$pgdb" pga pgb ;;
    pg2t) TWO_TENANTS=1 run "pg, 2 inst., 2 tenants" "$pgdb" pga pgb ;;
    # Asynchronous commit (PGOPTIONS reaches the server through libpq): how much of the time
    # is the WAL flush. NOT for production: a PostgreSQL crash can lose acknowledged commits.
    async) PGOPTIONS="-c synchronous_commit=off" run "pg, 2 inst., async commit" "$pgdb" pga pgb ;;
    esac
done
