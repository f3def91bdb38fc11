#!/usr/bin/env bash
# Benchmarks of triagedesk-server with wrk on 127.0.0.1 (prints figures; not a ctest).
#   bench/server/bench_server.sh [path/to/triagedesk-server] [seconds]
# Starts the (release) server on a fresh temporary database with rate limits and the access
# log off, then measures:
#   1. unique-title creates at 64 connections, --durability normal (target >= 10,000/s,
#      p99 <= 15 ms) and full (target >= 8,000/s), each on a fresh server, printing creates/s,
#      p50/p99, the server's CPU per create (all its threads) and creates per group commit
#      (the writer's own count, printed at SIGTERM); then starts the server again and checks
#      every created ticket is there;
#   2. the capability happy path at low load (1 connection; target median <= 2 ms);
#   3. GET one ticket at 64 connections (target >= 20,000 req/s);
#   4. the same with the access log on (written to a file by the log's own thread);
#   5. a client pipelining GET /api/openapi.json without reading (back-pressure: RSS growth).
# wrk's connections all come from 127.0.0.1, so the per-address cap is off here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
server=${1:-$here/../../build/release/server/triagedesk-server}
seconds=${2:-8}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }
[ -x "$server" ] || { echo "no server binary at $server"; exit 2; }

work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

export TD_TENANT=bench-tenant
export TD_PROJECT=2489E9AD-2EE2-8E00-8EC9-32D5F69181C0
export TD_TOKEN=tok-bench-owner-000000000001
cat > "$work/bootstrap.json" <<JSON
{ "tenants": [ { "slug": "$TD_TENANT", "name": "Bench",
  "projects": [ { "id": "$TD_PROJECT", "name": "Web app", "roles": ["frontend","backend"] } ],
  "users": [ { "id": "u-bench", "name": "Bench Owner", "email": "bench@bench.test",
               "role": "owner", "projects": "*", "tokens": ["$TD_TOKEN"] } ] } ] }
JSON
db="sqlite:$work/bench.sqlite"
"$server" bootstrap --database "$db" "$work/bootstrap.json" >/dev/null

start_server() {
    rm -f "$work/stdout" # not the last server's "listening on" line
    "$server" serve --listen 127.0.0.1:0 --database "$db" --create-rate 0 --request-rate 0 \
        ${DURABILITY:+--durability "$DURABILITY"} \
        --max-connections-per-address 0 "${@:---no-access-log}" >"$work/stdout" 2>"$work/stderr" &
    pid=$!
    for _ in $(seq 100); do
        # The server may not have opened its stdout yet: no file is "not listening yet".
        url=$(sed -n 's/^listening on //p' "$work/stdout" 2>/dev/null || true)
        [ -n "$url" ] && return 0
        sleep 0.05
    done
    echo "server did not start:"; cat "$work/stderr"; exit 1
}
# Server CPU time in microseconds: on a shared machine wall-clock rates vary with the load,
# CPU per request does not (the server handles requests on one thread).
cpu_us() { awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000000 / hz}' "/proc/$pid/stat"; }
per_request() { # cpu_before requests
    local after; after=$(cpu_us)
    [ "$2" -gt 0 ] && echo "server CPU per request: $(( (after - $1) / $2 )) us" \
        "(one core would serve ~$(( 1000000 * $2 / (after - $1 + 1) ))/s)"
}
stop_server() { kill -TERM "$pid"; wait "$pid" || true; pid=; }
count_tickets() {
    curl -s -H "Authorization: Bearer $TD_TOKEN" "$url/api/changes?since=0&limit=1" >/dev/null
    local since=0 total=0 page
    while :; do
        page=$(curl -s -H "Authorization: Bearer $TD_TOKEN" "$url/api/changes?since=$since&limit=1000")
        read -r n since more < <(python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["tickets"]), d["next_since"], d["has_more"])' <<<"$page")
        total=$((total + n))
        [ "$more" = "True" ] || break
    done
    echo "$total"
}

# creates LABEL: one wrk run of unique creates against a fresh server, then SIGTERM (which
# prints the writer's "writer: N writes in M commits" line).
creates() {
    start_server
    echo "== creates, unique titles, 64 connections, $1"
    local c0 out
    c0=$(cpu_us)
    out=$(wrk -t2 -c64 -d"${seconds}s" --latency -s "$here/create.lua" "$url")
    created=$(echo "$out" | sed -n 's/.*created=\([0-9]*\).*/\1/p')
    local cpu=$(( $(cpu_us) - c0 ))
    echo "$out" | grep -E "Requests/sec|created="
    stop_server
    echo "creates/s: $(( created / seconds ))   server CPU per create: $(( cpu / (created + 1) )) us" \
        "   $(grep -o 'writer: .*' "$work/stderr" || echo 'writer: no commits')"
}

echo "server: $server, ${seconds}s per run, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
DURABILITY=full creates "--durability full (synchronous=FULL: one fsync per batch)"
DURABILITY=normal creates "--durability normal"
start_server
before=$(count_tickets)
stop_server
start_server
after=$(count_tickets)
echo "tickets after SIGTERM + restart: $after (before: $before; last run created $created)"
[ "$after" -eq "$before" ] && echo "restart: every ticket present" || echo "restart: TICKETS MISSING"

echo "== capability happy path, 1 connection (latency)"
c0=$(cpu_us)
out=$(wrk -t1 -c1 -d"${seconds}s" --latency -s "$here/capability.lua" "$url")
echo "$out" | grep -E "Requests/sec|p50_ms"
per_request "$c0" "$(echo "$out" | sed -n 's/ *\([0-9]*\) requests in.*/\1/p')"

echo "== GET one ticket, 64 connections"
id=$(curl -s -H "Authorization: Bearer $TD_TOKEN" "$url/api/tickets?limit=1" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["tickets"][0]["id"])')
c0=$(cpu_us)
out=$(wrk -t2 -c64 -d"${seconds}s" --latency -s "$here/getticket.lua" "$url/api/tickets/$id")
echo "$out" | grep -E "Requests/sec|p50_ms|Non-2xx"
per_request "$c0" "$(echo "$out" | sed -n 's/ *\([0-9]*\) requests in.*/\1/p')"
stop_server

echo "== GET one ticket, 64 connections, access log on (to a file)"
start_server --request-timeout 10000 # any option but --no-access-log
c0=$(cpu_us)
out=$(wrk -t2 -c64 -d"${seconds}s" --latency -s "$here/getticket.lua" "$url/api/tickets/$id")
echo "$out" | grep -E "Requests/sec|p50_ms|Non-2xx"
per_request "$c0" "$(echo "$out" | sed -n 's/ *\([0-9]*\) requests in.*/\1/p')"
echo "access log: $(wc -l <"$work/stderr") lines"

echo "== pipelining without reading (back-pressure)"
python3 "$here/pipeline_rss.py" "$url" "$pid" 2000 /api/openapi.json
stop_server
